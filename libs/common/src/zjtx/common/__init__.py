"""Shared library of the Hohhot 专精特新 SME-support platform."""
