"""Point in time: the one place that decides which dates an answer is for and what is in force then.

Three time axes, kept apart everywhere:
- `on` (valid time): the date the terms apply to;
- `as_agreed` (contract time): only amendments effective by that date count; None = all on record;
- `recorded_at` (system time): what the database held at that moment, rebuilt from history.

The modules, by role:
- `dates`: `AsOf`, the dates an answer was computed for;
- `standing`: `Standing` (yes / no / unknown), `Check` and `Verdict` (how checks combine, and which
  of them decided the answer);
- `supersession`: which versions are in force (validity, agreed by, the latest replacement ends
  what came before it);
- `inputs`: the one form and the one serializer that read those dates from a request.

Domain rules built on these (the Term, who is a Customer, which discount table and line apply) live in
their domain apps and call this module; none of them decides supersession or validity itself.
"""
