"""Publishing: every page and file the engine adds to the site, made by one function at any size,
and the staging folder that replaces the published site only when a build succeeded."""
