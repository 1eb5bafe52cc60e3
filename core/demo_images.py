"""Pictures for the demo, drawn with Pillow when `seed_demo` runs: nothing is downloaded and
nothing third-party ships. Each motif is a plain, flat illustration in the site's palette."""

import random
from io import BytesIO

from PIL import Image, ImageDraw

# The palette of docs/design.md, as RGB.
PALETTE = {
    "green": (29, 94, 58),
    "green-light": (214, 234, 221),
    "blue": (26, 79, 139),
    "blue-light": (219, 230, 244),
    "gold": (255, 191, 71),
    "sand": (246, 241, 228),
    "ink": (27, 29, 31),
    "white": (255, 255, 255),
    "coral": (201, 93, 67),
}

WIDTH, HEIGHT = 1600, 900


def _colour(name: str) -> tuple[int, int, int]:
    return PALETTE[name]


def _circles(draw: ImageDraw.ImageDraw, colours: list, rng: random.Random) -> None:
    """Overlapping rings meeting in the middle: the common ground."""
    count = len(colours)
    radius = 260
    for i, colour in enumerate(colours):
        cx = WIDTH // 2 + int((i - (count - 1) / 2) * 260)
        cy = HEIGHT // 2 + rng.randint(-60, 60)
        box = (cx - radius, cy - radius, cx + radius, cy + radius)
        draw.ellipse(box, outline=colour, width=48)


def _bars(draw: ImageDraw.ImageDraw, colours: list, rng: random.Random) -> None:
    """Rising bars: outcomes improving."""
    bars = 7
    gap = 40
    width = (WIDTH - 2 * 160 - (bars - 1) * gap) // bars
    for i in range(bars):
        height = 180 + i * 75 + rng.randint(-40, 40)
        x = 160 + i * (width + gap)
        draw.rounded_rectangle(
            (x, HEIGHT - 120 - height, x + width, HEIGHT - 120),
            radius=18,
            fill=colours[i % len(colours)],
        )


def _map(draw: ImageDraw.ImageDraw, colours: list, rng: random.Random) -> None:
    """A grid of dots with one area picked out: a place."""
    centre = (WIDTH * 0.6, HEIGHT * 0.45)
    for x in range(80, WIDTH, 70):
        for y in range(80, HEIGHT, 70):
            near = ((x - centre[0]) ** 2 + (y - centre[1]) ** 2) ** 0.5 < 260 + rng.randint(0, 40)
            colour = colours[0] if near else colours[1]
            size = 18 if near else 10
            draw.ellipse((x - size, y - size, x + size, y + size), fill=colour)


def _waves(draw: ImageDraw.ImageDraw, colours: list, rng: random.Random) -> None:
    """Bands of colour, like hills: the ground we share."""
    for i, colour in enumerate(colours):
        top = 260 + i * 170
        points = [(0, HEIGHT)]
        for x in range(0, WIDTH + 100, 100):
            points.append((x, top + rng.randint(-50, 50)))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=colour)


def _portrait(draw: ImageDraw.ImageDraw, colours: list, rng: random.Random) -> None:
    """Head and shoulders, for a speaker with no photograph."""
    cx = WIDTH // 2
    draw.ellipse((cx - 170, 170, cx + 170, 510), fill=colours[0])
    draw.ellipse((cx - 420, 560, cx + 420, 1400), fill=colours[0])


MOTIFS = {
    "circles": _circles,
    "bars": _bars,
    "map": _map,
    "waves": _waves,
    "portrait": _portrait,
}


def draw_picture(*, motif: str, colours: list[str], background: str, seed: str) -> bytes:
    """A PNG of `motif` in the named palette colours; the same arguments draw the same image."""
    rng = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT), _colour(background))
    MOTIFS[motif](ImageDraw.Draw(image), [_colour(c) for c in colours], rng)
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def wagtail_image(*, title: str, description: str, **drawing):
    """The library image called `title`, drawn and added if it is missing."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing is not None:
        return existing
    name = title.lower().replace(" ", "-")[:60] + ".png"
    picture = ImageFile(BytesIO(draw_picture(seed=title, **drawing)), name=name)
    return Image_.objects.create(title=title, description=description, file=picture)
