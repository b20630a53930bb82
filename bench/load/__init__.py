"""Load and fault tests against real gunicorn servers on loopback (`make loadtest`, `make faulttest`)."""
