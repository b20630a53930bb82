"""API plumbing shared by every app's `api/` package.

`errors` (one error shape; stale edits as 409), `pagination`, `fields` (bounded ids, keys),
`editing` (GET with a version, PATCH with version and reason), `params` (point-in-time query),
`forms` (input defined by a Django form), `parsers` (body size and JSON depth limits),
`throttling` (rates per user and per client address).
Each app's routes are registered in `config/api_urls.py`.
"""
