"""Reading the pictures a file names: an event's `images:` (or `image:`, one of them), a
person's `image:`. Each is a file of the site with what it shows and whose it is; the
renderer finds, checks and resizes it (render/pictures.py)."""

from __future__ import annotations

from site_builder.model.records import Image
from site_builder.reading.fields import FieldReader, describe

IMAGE_FORM = "{src: FILE, alt: what it shows, credit: whose it is}"


def read_images(reader: FieldReader) -> tuple[Image, ...]:
    """`images:`, a list of `{src, alt, credit, caption, license}`; or `image:`, one of them."""
    if reader.has("image"):
        if reader.has("images"):
            reader.problem("give the pictures in one field: images, or image for one", "image")
            return ()
        image = read_image(reader)
        return () if image is None else (image,)
    images = (_read_image(child) for child in reader.children("images"))
    return tuple(image for image in images if image is not None)


def read_image(reader: FieldReader, key: str = "image") -> Image | None:
    """The one picture of `key`, None when absent or wrong (a problem). A file name alone,
    which person files once gave, says neither what it shows nor whose it is."""
    value = reader.raw(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        reader.problem(f"must be a picture, {IMAGE_FORM}, not {describe(value)}", key)
        return None
    return _read_image(reader.child(key))


def _read_image(reader: FieldReader) -> Image | None:
    """One picture: the file, and what it shows (`alt`, required: a picture without it says
    nothing to whoever cannot see it) and whose it is (`credit`, required)."""
    src = reader.text("src", required=True)
    alt = reader.text("alt", required=True)
    credit = reader.text("credit", required=True)
    if src is not None and (problem := _image_source_problem(src)):
        reader.problem(problem, "src")
        return None
    if src is None or alt is None or credit is None:
        return None
    return Image(src, alt, credit, reader.text("caption"), reader.text("license"))


def _image_source_problem(src: str) -> str | None:
    """Why `src` cannot name a picture of the site: it must be a file of the site, beside the
    file that names it or in `static/` (`/images/x.jpg`), not an address elsewhere."""
    if "://" in src or src.startswith("//") or src.startswith("data:"):
        return f'"{src}" is an address: put the file beside the content file, or in static/'
    if "\\" in src or "\x00" in src:
        return f'"{src}" must be a path with forward slashes, such as pictures/jakarta.jpg'
    return None
