import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terang.settings.production")

application = get_wsgi_application()

if getattr(settings, "SERVE_MEDIA", False):
    # A try-out with no web server in front: uploads are looked up on each request. A real server
    # lets nginx (or S3) serve MEDIA_ROOT instead.
    from whitenoise import WhiteNoise

    # Images only: documents go through Wagtail's view, which checks collection privacy.
    application = WhiteNoise(application, autorefresh=True)
    for folder in ("images", "original_images"):
        application.add_files(
            os.path.join(settings.MEDIA_ROOT, folder), prefix=f"{settings.MEDIA_URL}{folder}/"
        )
