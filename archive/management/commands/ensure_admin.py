"""python manage.py ensure_admin: an admin account with a password made for this machine."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the 'admin' superuser with a random password, once; later runs say how to reset it."

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("Admin: log in at /admin/ (forgot the password? .venv/bin/python manage.py changepassword admin)")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", password=password)
        self.stdout.write(f"Admin created: user 'admin', password '{password}' (shown once; change it with manage.py changepassword admin)")
