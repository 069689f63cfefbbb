"""One storage interface, several private locations: files go to a bucket chosen by their key's prefix.

Every key the portal stores begins with its location (`uploads/` awaiting scan, `quarantine/`,
`record/` clean record documents, `record-zip/`, `notices/`, `mailing/`, ...: cases/storage_keys.py).
`RoutedStorage` sends each location to its own backend (for S3, its own bucket, so access rights,
lifecycle rules and replication can differ per location: the web role need not read quarantine at
all) and the rest to the default one. The apps keep calling `default_storage`; nothing else changes.

    STORAGES["default"] = {
        "BACKEND": "portal.storage.RoutedStorage",
        "OPTIONS": {
            "backend": "storages.backends.s3.S3Storage",
            "options": {...},                       # shared by every location
            "routes": {"quarantine": {"bucket_name": "court-quarantine"}, ...},  # per-location overrides
        },
    }

Settings build this from `STORAGE_ROUTES` ("quarantine=court-quarantine,uploads=court-uploads"): a
bucket name with S3, a directory with the filesystem default. See docs/deploy.md.
"""

from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible
from django.utils.module_loading import import_string


def parse_routes(value: str, option: str = "bucket_name") -> dict[str, dict]:
    """`"quarantine=court-q, uploads=court-up"` -> {"quarantine": {option: "court-q"}, ...}."""
    routes = {}
    for part in value.split(","):
        if not part.strip():
            continue
        prefix, sep, target = part.partition("=")
        if not sep or not prefix.strip() or not target.strip():
            raise ValueError(f"Storage route {part!r} is not PREFIX=NAME.")
        routes[prefix.strip().strip("/")] = {option: target.strip()}
    return routes


@deconstructible
class RoutedStorage(Storage):
    def __init__(self, backend: str, options: dict | None = None, routes: dict[str, dict] | None = None):
        self._backend = import_string(backend)
        self._options = dict(options or {})
        self._routes = {prefix: {**self._options, **extra} for prefix, extra in (routes or {}).items()}
        self._made: dict[str | None, Storage] = {}

    def _storage(self, name: str) -> Storage:
        prefix = str(name).replace("\\", "/").lstrip("/").split("/", 1)[0]
        key = prefix if prefix in self._routes else None
        if key not in self._made:
            self._made[key] = self._backend(**(self._routes[key] if key else self._options))
        return self._made[key]

    def location_of(self, name: str) -> Storage:
        """The storage that holds `name` (for tests and operators' checks)."""
        return self._storage(name)

    # The Storage API, each call sent to the location's backend.
    def _open(self, name, mode="rb"):
        return self._storage(name)._open(name, mode)

    def _save(self, name, content):
        return self._storage(name)._save(name, content)  # save() already chose an available name

    def get_available_name(self, name, max_length=None):
        return self._storage(name).get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self._storage(filename).generate_filename(filename)

    def get_valid_name(self, name):
        return self._storage(name).get_valid_name(name)

    def delete(self, name):
        return self._storage(name).delete(name)

    def exists(self, name):
        return self._storage(name).exists(name)

    def listdir(self, path):
        return self._storage(path).listdir(path)

    def size(self, name):
        return self._storage(name).size(name)

    def url(self, name, *args, **kwargs):
        return self._storage(name).url(name, *args, **kwargs)

    def path(self, name):
        return self._storage(name).path(name)

    def get_accessed_time(self, name):
        return self._storage(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self._storage(name).get_created_time(name)

    def get_modified_time(self, name):
        return self._storage(name).get_modified_time(name)
