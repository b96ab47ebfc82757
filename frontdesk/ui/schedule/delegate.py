"""Painting the chair board: appointment blocks in their type colour with a status marker."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QMargins, QModelIndex, QPersistentModelIndex, QPoint, QRect, QRectF, QSize, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPixmap, QTransform
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem

from frontdesk.rules.pickup import MOVED, PILL_WORDS, SETTLED, TO_CALL, TRY_AGAIN
from frontdesk.rules.spans import span_text
from frontdesk.ui.schedule.board_model import AWAY_COLOUR, BlockCell, FreeCell, PaintRole
from frontdesk.ui.schedule.pictures import (
    BADGE,
    BOLD,
    PLAIN,
    Pictures,
    Stamps,
    blank,
    copy,
    elide_right,
    fill,
    fill_path,
    fill_tiled,
    hatch,
    painting,
    stroke,
)
from frontdesk.values import Appointment

# Status markers: readable on light and dark palettes alike (white text on them).
STATUS_COLOURS = {
    "arrived": "#b7791f",
    "in_chair": "#2f855a",
    "recovery": "#2b6cb0",
    "discharged": "#718096",
    "completed": "#718096",
    "late": "#c05621",
    "overdue": "#c53030",
    "collides": "#c53030",
    "chair_busy": "#975a16",
    "no_show": "#718096",
    "cancelled": "#718096",
}
FINISHED = ("discharged", "completed")
ALERTS = ("late", "overdue", "collides", "chair_busy")
# Short words for the badge; the details pane says it in full.
BADGE_LABELS = {"arrived": "Arrived", "in_chair": "In chair", "recovery": "Recovery", "discharged": "Discharged",
                "completed": "Completed", "late": "Late", "overdue": "Overdue", "no_show": "No-show",
                "collides": "Collides", "chair_busy": "Chair busy"}

Index = QModelIndex | QPersistentModelIndex


def cell_data(index: Index, role: int) -> object:
    """The model's value for `role`.

    Goes through the model itself: QModelIndex.data() in PySide6 6.12 on Python 3.11 drops a reference
    to None each time a role has no value, and enough of those crash the interpreter on exit.
    """
    model = index.model()
    return model.data(index, role) if model is not None and index.isValid() else None


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`amount` of b over a."""
    return QColor.fromRgbF(*(x + (y - x) * amount for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3], strict=True)))


class _Look:
    """The fonts, metrics, pens and colours of one font and palette: made once, not for every cell painted."""

    def __init__(self, font: QFont, palette: QPalette) -> None:
        self.font = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.metrics = QFontMetrics(self.font)
        self.bold_metrics = QFontMetrics(self.bold)
        self.badge_font = QFont(font)
        self.badge_font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        self.badge_font.setBold(True)
        self.badge_metrics = QFontMetrics(self.badge_font)
        self.base = palette.color(QPalette.ColorRole.Base)
        mid = palette.color(QPalette.ColorRole.Mid)
        self.outside = mix(self.base, mid, 0.25)
        self.away = mix(self.base, QColor(AWAY_COLOUR), 0.10)  # a free slot while the prescriber is away
        self.mid = mid  # the hour lines, the dotted turnover line, the hatching of blocked time
        self.column_edge = palette.color(QPalette.ColorRole.Midlight)
        self.highlight = palette.color(QPalette.ColorRole.Highlight)
        self.selected_fill = copy(self.highlight)
        self.selected_fill.setAlphaF(0.35)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.finished_text = palette.color(QPalette.ColorRole.PlaceholderText)
        self.white = QColor("white")
        self.status = {status: QColor(colour) for status, colour in STATUS_COLOURS.items()}
        self._types: dict[str, QColor] = {}
        self._fills: dict[tuple[str, bool], QColor] = {}
        self._hatches: dict[float, QBrush] = {}
        self.stamps = Stamps(((self.bold, self.bold_metrics), (self.font, self.metrics),
                               (self.badge_font, self.badge_metrics)))

    def hatch(self, ratio: float) -> QBrush:
        """Qt's BDiagPattern as a tile (see pictures.py), made the first time a blocked time is painted at
        this devicePixelRatio: one tile pixel to a device pixel, as Qt's pattern brushes are (unscaled, the
        tile's lines would be 2 px steps 16 px apart on a 200 % screen)."""
        found = self._hatches.get(ratio)
        if found is None:
            found = self._hatches[ratio] = QBrush(hatch(self.mid))
            if ratio != 1:
                found.setTransform(QTransform.fromScale(1 / ratio, 1 / ratio))
        return found

    def type_colour(self, colour: str) -> QColor:
        found = self._types.get(colour)
        if found is None:
            found = self._types[colour] = QColor(colour)
        return found

    def fill(self, colour: str, finished: bool) -> QColor:
        found = self._fills.get((colour, finished))
        if found is None:
            found = self._fills[colour, finished] = mix(self.base, self.type_colour(colour), 0.14 if finished else 0.32)
        return found


PICTURE_MARGIN = 2  # a block's edge (3 px pen) reaches this far past its cell
IDLE_STEP = 1  # block pictures made per turn of the event loop after a paint (and four times as many stamps)
PICTURE_BUDGET = 48 * 1024 * 1024  # about two busy days of blocks on a large screen


_MARGIN = QMargins(PICTURE_MARGIN, PICTURE_MARGIN, PICTURE_MARGIN, PICTURE_MARGIN)


class ChairBoardDelegate(QStyledItemDelegate):
    """Draws one block per appointment (the view spans its cells) and the empty slots around them."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        # Selection is asked of the view, not read from option.state: the first read of option.state
        # builds every one of QStyle's Python enums (about 15 ms of start-up before the board shows).
        self._view = view
        self._look: _Look | None = None
        self._look_palette = 0  # cache key of the palette the look was made from
        self._look_version = 0  # counts looks made: pictures drawn with an older look are not reused
        self._lines: dict[int, tuple[Appointment, list[tuple[str, str]]]] = {}
        self._pictures = Pictures(PICTURE_BUDGET)
        self._pending: dict[Hashable, tuple[QRect, bool, _Look, Appointment, str, float]] = {}
        self._idle_work_asked = False
        self._backgrounds: dict[Hashable, QPixmap] = {}

    def look(self, option: QStyleOptionViewItem) -> _Look:
        # Compared, not keyed by font.key(): this runs for every cell painted and building that string is slow.
        font, palette_key = option.font, option.palette.cacheKey()
        if self._look is None or palette_key != self._look_palette or font != self._look.font:
            self._look, self._look_palette = _Look(font, option.palette), palette_key
            self._look_version += 1
        return self._look

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        cell = cell_data(index, PaintRole)  # one call for all the cell's roles: this runs for every cell painted
        if isinstance(cell, BlockCell):
            if cell.is_start:  # the others are covered by their block's first cell (the view spans them)
                self._paint_block(painter, option, self.look(option), cell.appointment, cell.status,
                                  self._selected(index))
        elif isinstance(cell, FreeCell):  # straight lines and rectangles: crisp without antialiasing, and cheaper
            self._paint_free(painter, option, cell, self.look(option), self._selected(index))

    def _selected(self, index: Index) -> bool:
        selection = self._view.selectionModel()
        return selection is not None and selection.isSelected(index)

    def prepare_blocks(self, blocks: list[tuple[Appointment, str, QSize]], ratio: float) -> int:
        """Make the pictures of blocks (appointment, status, size) of a day not shown yet, as its paint would
        look them up (unselected): showing that day then copies them. Nothing before the first paint (no
        look yet). Returns how many were made."""
        look = self._look
        if look is None:
            return 0
        made = 0
        for appointment, status, size in blocks:
            key = self._picture_key(appointment, status, False, size, ratio)
            if self._pictures.get(key) is None:
                self._pictures.put(key, self._picture(QRect(QPoint(0, 0), size), False, look, appointment, status,
                                                      ratio))
                made += 1
        self._when_idle()  # the text stamps of the new words, as after a paint
        return made

    def _picture_key(self, appointment: Appointment, status: str, selected: bool, size: QSize,
                     ratio: float) -> Hashable:
        """Everything a block's picture shows: the same key for a paint and for drawing a day ahead."""
        return (appointment, status, selected, size.width(), size.height(), self._look_version, ratio)

    def cached_pictures(self) -> int:
        """How many rendered blocks are kept (for tests)."""
        return len(self._pictures)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(120, QFontMetrics(option.font).height() + 6)

    # --- free slots ----------------------------------------------------------------------------------

    def _paint_free(self, painter: QPainter, option: QStyleOptionViewItem, cell: FreeCell, look: _Look,
                    selected: bool) -> None:
        rect = option.rect
        fill(painter, rect, look.outside if cell.outside_hours else look.away if cell.away else look.base)
        if cell.blocked is not None:
            fill_tiled(painter, rect, look.hatch(painter.device().devicePixelRatio()))
            painter.save()
            self._draw_block_label(painter, option, cell.label, look)
            painter.restore()
        if cell.on_the_hour:
            fill(painter, QRect(rect.left(), rect.top(), rect.width(), 1), look.mid)
        fill(painter, QRect(rect.right(), rect.top(), 1, rect.height()), look.column_edge)  # the chair's column edge
        if selected:
            fill(painter, rect, look.selected_fill)

    def _draw_block_label(self, painter: QPainter, option: QStyleOptionViewItem, label: str | None,
                          look: _Look) -> None:
        """Why nobody can book here ("lunch", "out of service (new recliner)"), on the block's first row."""
        if not label:
            return
        metrics = look.metrics
        text_rect = option.rect.adjusted(6, 0, -6, 0)
        text = elide_right(metrics, str(label), text_rect.width())
        back = QRect(text_rect.left() - 2, text_rect.top() + 2, metrics.horizontalAdvance(text) + 4,
                     text_rect.height() - 4)
        fill(painter, back, look.base)
        baseline = text_rect.top() + (text_rect.height() - metrics.height()) // 2 + metrics.ascent()
        look.stamps.draw_text(painter, PLAIN, text_rect.left(), baseline, text, look.text)

    # --- appointment blocks --------------------------------------------------------------------------

    def _paint_block(self, painter: QPainter, option: QStyleOptionViewItem, look: _Look, appointment: Appointment,
                     status: str, selected: bool) -> None:
        """From a picture of the block once there is one: a reload, a repaint or a scroll then redraws it
        without laying out its text. A block seen for the first time is drawn, its picture made when idle."""
        rect = QRect(option.rect)
        if rect.top() < 0:  # scrolled half out of view: its text moves with every pixel, so always draw it
            self._draw_block_now(painter, rect, selected, look, appointment, status)
            self._when_idle()  # for the stamps of any new words in it
            return
        ratio = painter.device().devicePixelRatio()
        key = self._picture_key(appointment, status, selected, rect.size(), ratio)
        picture = self._pictures.get(key)
        if picture is not None:
            painter.drawPixmap(rect.left() - PICTURE_MARGIN, rect.top() - PICTURE_MARGIN, picture)
            return
        self._draw_block_now(painter, rect, selected, look, appointment, status)
        self._pending[key] = (rect, selected, look, appointment, status, ratio)
        self._when_idle()

    def _when_idle(self) -> None:
        if not self._idle_work_asked and (self._pending or (self._look and self._look.stamps.has_pending())):
            self._idle_work_asked = True
            QTimer.singleShot(0, self, self._render_some)

    def _render_some(self) -> None:
        """A few of the pictures still to make, then the event loop turns again: a key pressed right after
        a new day shows (Next, Next) waits for a few pictures, not for a whole day's (up to 30 ms)."""
        self._idle_work_asked = False
        self.render_pending_pictures(IDLE_STEP)
        self._when_idle()  # the rest, at the next turn

    def render_pending_pictures(self, limit: int | None = None) -> None:
        """Make the pictures (and text stamps) of the blocks drawn for the first time: run when idle, after
        the paint that drew them, so that paint costs no more than drawing them. `limit`: at most this many
        pictures (and four times as many stamps) now; None: all of them."""
        if self._look is not None:
            self._look.stamps.make_pending(None if limit is None else 4 * limit)
        made = 0
        while self._pending and (limit is None or made < limit):
            key = next(iter(self._pending))
            rect, selected, look, appointment, status, ratio = self._pending.pop(key)
            if self._pictures.get(key) is None:
                self._pictures.put(key, self._picture(rect, selected, look, appointment, status, ratio))
                made += 1

    def _draw_block_now(self, painter: QPainter, rect: QRect, selected: bool, look: _Look,
                        appointment: Appointment, status: str) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._draw_block(painter, rect, selected, look, appointment, status)
        painter.restore()

    def _picture(self, rect: QRect, selected: bool, look: _Look, appointment: Appointment, status: str,
                 ratio: float) -> QPixmap:
        """The block drawn alone on a transparent pixmap, at the same pixel grid as on the board."""
        picture = blank(rect.size() + QSize(2 * PICTURE_MARGIN, 2 * PICTURE_MARGIN), ratio)
        with painting(picture) as painter:
            painter.translate(PICTURE_MARGIN - rect.left(), PICTURE_MARGIN - rect.top())
            self._draw_block(painter, rect, selected, look, appointment, status)
        return picture

    def _draw_block(self, painter: QPainter, cell: QRect, selected: bool, look: _Look, appointment: Appointment,
                    status: str) -> None:
        ratio = painter.device().devicePixelRatio()
        background = self._background(cell.size(), selected, look, appointment, status, ratio)
        painter.drawPixmap(cell.left() - PICTURE_MARGIN, cell.top() - PICTURE_MARGIN, background)
        self._draw_text(painter, cell.adjusted(2, 1, -2, -1), look, appointment, status)

    def _background(self, size: QSize, selected: bool, look: _Look, appointment: Appointment, status: str,
                    ratio: float) -> QPixmap:
        """A block without its words: shared by every block of the same size, type colour and status."""
        kind = appointment.type
        key = (size.width(), size.height(), selected, kind.colour, kind.turnover_minutes, kind.chair_minutes, status,
               self._look_version, ratio)
        found = self._backgrounds.get(key)
        if found is None:
            if len(self._backgrounds) > 500:
                self._backgrounds.clear()
            found = self._backgrounds[key] = blank(size.grownBy(_MARGIN), ratio)
            with painting(found) as painter:
                rect = QRect(PICTURE_MARGIN, PICTURE_MARGIN, size.width(), size.height()).adjusted(2, 1, -2, -1)
                self._draw_background(painter, selected, rect, look, kind.colour, status)
                self._draw_marker(painter, rect, look, status)
                self._draw_turnover(painter, rect, look, appointment)
        return found

    def _draw_background(self, painter: QPainter, selected: bool, rect: QRect, look: _Look, colour: str,
                         status: str) -> None:
        type_colour = look.type_colour(colour)
        edge = look.status[status] if status in ALERTS else type_colour
        edge = look.highlight if selected else edge
        outline = QPainterPath()
        outline.addRoundedRect(QRectF(rect), 4, 4)
        fill_path(painter, outline, look.fill(colour, status in FINISHED))
        stroke(painter, outline, edge, 3 if selected or status in ALERTS else 1)
        fill(painter, QRect(rect.left(), rect.top(), 5, rect.height()), type_colour)

    def _draw_turnover(self, painter: QPainter, rect: QRect, look: _Look, appointment: Appointment) -> None:
        """A dotted line where the patient leaves and the chair is cleaned (turnover)."""
        kind = appointment.type
        if not kind.turnover_minutes or not kind.chair_minutes:
            return
        y = rect.bottom() - round(rect.height() * kind.turnover_minutes / kind.chair_minutes)
        line = QPainterPath()
        line.moveTo(rect.left() + 6, y)
        line.lineTo(rect.right() - 6, y)
        stroke(painter, line, look.mid, 1, dashes=[1.0, 2.0])  # dotted, as Qt's DotLine

    def _draw_marker(self, painter: QPainter, rect: QRect, look: _Look, status: str) -> None:
        """A status stripe down the right edge, so the state reads from across the desk."""
        colour = look.status.get(status)
        if colour is not None:
            fill(painter, QRect(rect.right() - 4, rect.top() + 1, 4, rect.height() - 1), colour)

    def _block_lines(self, appointment: Appointment) -> list[tuple[str, str]]:
        """block_lines, formatted once per appointment value (a repaint or a scroll reuses them)."""
        cached = self._lines.get(appointment.id)
        if cached is None or cached[0] is not appointment:
            if len(self._lines) > 2000:
                self._lines.clear()
            cached = self._lines[appointment.id] = (appointment, block_lines(appointment))
        return cached[1]

    def _draw_text(self, painter: QPainter, rect: QRect, look: _Look, appointment: Appointment,
                   status: str) -> None:
        """Patient (bold); type; times and series position ("3 of 6"); the status badge.

        The text stays at the top of the visible part of a block scrolled half out of view.
        """
        text_rect = rect.adjusted(10, 3, -9, -2)
        text_rect.setTop(max(text_rect.top(), 3))
        y = text_rect.top()
        colour = look.finished_text if status in FINISHED else look.text
        lines = [(font, text, right) for font, (text, right) in zip((BOLD, PLAIN, PLAIN),
                                                                     self._block_lines(appointment), strict=True)]
        spare = self._spare_lines(look, text_rect, len(lines) + 1)  # the pills' row counts as a line
        if spare:  # a tall block: its name, then its type, on two lines rather than cut
            lines = wrap_lines(lines, lambda font, text: look.stamps.advance(font, text), text_rect.width(), spare)
        for font, text, right in lines:
            height = look.stamps.metrics(font).height()
            if y + height > text_rect.bottom() + 2:
                return
            self._draw_line(painter, look, font, QRect(text_rect.left(), y, text_rect.width(), height), text, right,
                            colour)
            y += height + 1
        badge = QRect(text_rect.left(), y + 1, text_rect.width(), look.metrics.height())
        if badge.bottom() > text_rect.bottom() + 2:
            return
        # A pill in its status's colour unless it has its own; one with no words or colour takes no room
        # (a plain booking has no status pill).
        pills = [(label, look.type_colour(hex_) if hex_ else look.status.get(state))
                 for label, state, hex_ in badge_specs(appointment, status)]
        pills = [(label, colour) for label, colour in pills if label and colour is not None]
        widths = [look.stamps.advance(BADGE, label) + PILL_PADDING for label, _ in pills]
        line_height = badge.height() + 3
        for (label, colour), width, place in zip(pills, widths, place_pills(widths, text_rect.width()), strict=True):
            if place is None:
                continue
            line, x = place
            pill = QRect(text_rect.left() + x, badge.top() + line * line_height, width, badge.height())
            if pill.bottom() > text_rect.bottom() + 2:
                return
            look.stamps.draw_badge(painter, pill, label, colour, look.white)

    @staticmethod
    def _spare_lines(look: _Look, text_rect: QRect, count: int) -> int:
        """How many lines the block's text area holds beyond `count` (the patient's in bold, the rest
        plain; a second bold line counted as bold)."""
        bold, plain = look.stamps.metrics(BOLD).height() + 1, look.stamps.metrics(PLAIN).height() + 1
        return max(0, (text_rect.height() - bold - (count - 1) * plain) // bold)

    def _draw_line(self, painter: QPainter, look: _Look, font: int, line: QRect, text: str, right: str,
                   colour: QColor) -> None:
        """Left text elided to fit; `right` (the series position) at the right edge, when the left fits
        whole beside it (in a narrow chair column the times are read first)."""
        stamps = look.stamps
        right_width = stamps.advance(font, right) + 8 if right else 0
        if right_width > line.width() // 2 or stamps.advance(font, text) > line.width() - right_width:
            right, right_width = "", 0  # the times whole ("08:00–10:45") matter more than "1 of 8"
        left = stamps.elided(font, text, line.width() - right_width)
        metrics = stamps.metrics(font)
        baseline = line.top() + (line.height() - metrics.height()) // 2 + metrics.ascent()
        stamps.draw_text(painter, font, line.left(), baseline, left, colour)
        if right:
            stamps.draw_text(painter, font, line.left() + line.width() - stamps.advance(font, right), baseline, right,
                             colour)


FLAG_COLOURS = {True: "#c53030", False: "#6b46c1"}  # urgent red; other flags violet
MISSING_COLOUR = "#975a16"
INTERPRETER_COLOUR = "#2c7a7b"
CONFIRMED_COLOUR = "#2e7d32"
# In recovery: the call to the driver owed (amber, as "Missing"), or made ("Driver told", green).
PICKUP_COLOURS = {TO_CALL: "#c2410c", TRY_AGAIN: "#c2410c", MOVED: "#c2410c", SETTLED: CONFIRMED_COLOUR}


def badge_specs(appointment: Appointment, status: str) -> list[tuple[str, str, str | None]]:
    """The pills under a block: its status ("✓ Confirmed" for a booking the patient confirmed, not yet
    begun), then "⚑ Urgent"/"⚑ Flag", how many readiness items are missing,
    and "Interpreter" when the patient needs one (the details pane names the language)."""
    specs: list[tuple[str, str, str | None]] = [(BADGE_LABELS.get(status, ""), status, None)]
    if appointment.confirmed and status == "booked":
        specs.append(("✓ Confirmed", "confirmed", CONFIRMED_COLOUR))
    if appointment.pickup in PICKUP_COLOURS:
        specs.append((PILL_WORDS[appointment.pickup], "pickup", PICKUP_COLOURS[appointment.pickup]))
    if appointment.flags:
        label = "⚑ Urgent" if appointment.urgent_flag else "⚑ Flag"
        specs.append((label, "flag", FLAG_COLOURS[appointment.urgent_flag]))
    if appointment.readiness and status not in FINISHED:
        specs.append((f"Missing {len(appointment.readiness)}", "missing", MISSING_COLOUR))
    if appointment.interpreter and status not in FINISHED:
        specs.append(("Interpreter", "interpreter", INTERPRETER_COLOUR))
    return specs


PILL_GAP = 6  # between pills on a line
PILL_PADDING = 12  # a pill is its word's width and this


def place_pills(widths: list[int], line_width: int) -> list[tuple[int, int] | None]:
    """Where each pill goes, in order, as (line, x): side by side while they fit, then on the next line.
    A pill wider than a whole line has no place (None); the pills after it still have theirs, so a long
    word in a narrow chair column does not take the flag or the "Missing" pill with it."""
    places: list[tuple[int, int] | None] = []
    line = x = 0
    for width in widths:
        if width > line_width:
            places.append(None)
            continue
        if x and x + width > line_width:
            line, x = line + 1, 0
        places.append((line, x))
        x += width + PILL_GAP
    return places


Line = tuple[int, str, str]  # font (BOLD, PLAIN), the text, the text kept at the right edge


def wrap_lines(lines: list[Line], advance: Callable[[int, str], int], width: int, spare: int) -> list[Line]:
    """A block's lines with its name (the first line), then its type (the second), broken at a space
    when wider than `width`, while `spare` lines are left: a tall block in a narrow chair column shows
    "Yuki" / "Anderson-Park" and "Esketamine nasal" / "spray" whole instead of "Yuki Ander…". A line
    with no space to break at, or that fits already, stays one line (cut when drawn)."""
    out = list(lines)
    for index in (0, 1):
        if spare <= 0:
            break
        at = index + (len(out) - len(lines))  # the name's break moves the type down a line
        font, text, right = out[at]
        head, rest = _break_to_fit(text, lambda words, font=font: advance(font, words), width)
        if rest:
            out[at:at + 1] = [(font, head, ""), (font, rest, right)]
            spare -= 1
    return out


def _break_to_fit(text: str, advance: Callable[[str], int], width: int) -> tuple[str, str]:
    """(the longest run of leading words that fits `width`, the rest); (text, "") when it fits whole or
    no first word fits."""
    if advance(text) <= width:
        return text, ""
    words = text.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        head = " ".join(words[:cut])
        if advance(head) <= width:
            return head, " ".join(words[cut:])
    return text, ""


def block_lines(appointment: Appointment) -> list[tuple[str, str]]:
    """A block's lines as (left, right): the series position sits beside the short time span, so a narrow
    chair column still shows the type in full ("IV ketamine, mood", not "IV ketamine,…  5 of 6")."""
    return [(appointment.patient_name, ""), (appointment.type.name, ""),
            (span_text(appointment.start, appointment.end), appointment.series_label)]
