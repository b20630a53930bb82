"""`make bench-scale`: is every answer about one agreement as fast with a portfolio as without (issue 11)?

Every figure is a ratio of two measurements taken in the same run, so the machine's speed and load
cancel out:
- p50 growth (`growth`): each question of the issue's table, asked about the seed agreement of a small
  database (the seed alone) and of a large one (the seed and a generated portfolio of 1,000 agreements,
  ~770,000 history rows), alternating request by request in one process. Target ≤ 1.5x, with no more
  queries on the large side.
- throughput (`throughput`): requests per second under gunicorn against a bare Django view doing one
  indexed query, same gunicorn settings, alternating bursts. Targets 0.2x to 0.5x by endpoint.
- a quote of 1,000 lines (`quote`): as many queries as a quote of 10, and a line's marginal cost within
  3x of pricing it from an in-memory dict of the discount rows.
- memory (`throughput`): the largest gunicorn worker's peak RSS on the large database ≤ 1.5x the small.

The databases (`databases`) are built once and kept: SQLite files under var/, or databases on the
server of DATABASE_URL. `--agreements 200` makes a quicker, smaller comparison.
"""
