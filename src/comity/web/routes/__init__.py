"""The API's routes, one module per resource, each exposing a `router`."""
