import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terang.settings.production")

application = get_wsgi_application()

if getattr(settings, "SERVE_MEDIA", False):
    # A try-out with no web server in front: uploads are looked up on each request. A real server
    # lets nginx (or S3) serve MEDIA_ROOT instead.
    from whitenoise import WhiteNoise

    application = WhiteNoise(
        application, root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL, autorefresh=True
    )
