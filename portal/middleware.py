"""Cross-cutting middleware owned by the project wiring."""


class PrivateCacheMiddleware:
    """Pages seen by a signed-in person carry personal data: no shared or browser cache keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
