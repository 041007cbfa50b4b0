/**
 * The sequence diagram's messages, drawn on a canvas (SequenceDiagram.svelte): where each row, note
 * and packet goes (`layoutDiagram`, pure, unit-tested) and how it is painted (`paintRows`,
 * `paintPacket`). No protocol rule lives here: every word comes from the engine's steps.
 *
 * Why a canvas and not a list of elements: each message drawn as elements kept a dozen live layout
 * boxes and shaped text runs, and V8's memory-reducing collection, about 30 s into an autoplay, had
 * to mark and move all of them (Oilpan's compaction) in one pause of 41–90 ms at 4× CPU slowdown,
 * the one task of an autoplay over the 50 ms target (npm run bench:ui, docs/architecture.md). A
 * canvas is one box whatever it shows.
 *
 * Coordinates are CSS pixels of the whole lane area, which scrolls sideways on a phone when a run
 * has more lanes than fit: arrows run between the lanes' centres and scroll with them, and words
 * and notes are laid out in the part that is visible (`scrollLeft` to `scrollLeft + width`).
 */
import { PARTY_LABELS, type Party, type Step } from '$lib/protocol';

/** The party at the far end of each hop, seen from the one who opens the connection. */
const SERVER_END: Record<NonNullable<Step['hop']>, Party> = {
	submission: 'submission-server',
	relay: 'mx',
	retrieval: 'mailbox'
};

/** The run's lanes: every party that sends or receives in it, in PARTY_LABELS order. */
export function lanesOf(steps: readonly Step[]): Party[] {
	const lanes = (Object.keys(PARTY_LABELS) as Party[]).filter((p) =>
		steps.some((s) => s.from === p || s.to === p)
	);
	// The on-path attacker and the firewall stand between the two ends of the hop they sit on, just
	// before its server end, so their arrows do not cross that server's lifeline.
	for (const middle of ['attacker', 'firewall'] as const) {
		const hop = steps.find((s) => (s.from === middle || s.to === middle) && s.hop)?.hop;
		const end = hop ? SERVER_END[hop] : undefined;
		if (!end || !lanes.includes(middle) || !lanes.includes(end)) continue;
		lanes.splice(lanes.indexOf(middle), 1);
		lanes.splice(lanes.indexOf(end), 0, middle);
	}
	return lanes;
}

/** At most this many messages are drawn, newest at the bottom; fewer when the box is short. */
export const MAX_ROWS = 10;

export type Ink = 'text' | 'soft' | 'enc' | 'warn' | 'bad';
export type NoteKind = 'closes' | 'opens' | 'earlier';

/** One run of words on one line, at its left edge and the line's middle. */
export interface Run {
	text: string;
	font: string;
	ink: Ink;
	x: number;
	y: number;
	width: number;
	/** A pill drawn around the run, `pad` wider on each side (the "altered on the way" and "seen by" badges). */
	badge?: 'bad' | 'warn';
	pad?: number;
}

export interface RowBox {
	step: number;
	top: number;
	height: number;
	current: boolean;
	encrypted: boolean;
	tampered: boolean;
	runs: Run[];
	/** The arrow, from the sender's lane centre to the receiver's (equal for a local step). */
	arrow: { from: number; to: number; y: number };
}

export interface NoteBox {
	kind: NoteKind;
	top: number;
	height: number;
	left: number;
	width: number;
	runs: Run[];
}

export interface DiagramLayout {
	rows: RowBox[];
	notes: NoteBox[];
	/** Messages before the first one drawn (they are in the transcript). */
	earlier: number;
	/** Edge of a packet, and height of a line of words (CSS px). */
	packet: number;
	lineHeight: number;
}

export interface LayoutInput {
	steps: readonly Step[];
	/** The current step (Playback.index); -1 draws nothing. */
	index: number;
	/** Lane of each step's sender and receiver, 0-based. */
	lane: (step: Step) => { from: number; to: number };
	lanes: number;
	/** Width of the whole lane area (wider than `width` when it scrolls sideways). */
	contentWidth: number;
	/** How far the lane area is scrolled sideways. */
	scrollLeft: number;
	/** The visible part. */
	width: number;
	height: number;
	/** The diagram's font size (1em) and the root's (1rem), in CSS px. */
	em: number;
	rem: number;
	fonts: { sans: string; mono: string };
	/** Width of `text` in `font` (CanvasRenderingContext2D.measureText in the browser). */
	measure: (text: string, font: string) => number;
}

/**
 * Where the connection turns encrypted or clear again: before step i, for the whole run. Only steps
 * on the wire count (`hop` set): a party's own note, such as a client deciding what to do, crosses no
 * connection, so it neither opens nor closes the lock around it.
 */
function lockMarks(steps: readonly Step[]): ('closes' | 'opens' | null)[] {
	let prev: Step | undefined;
	return steps.map((s) => {
		if (s.hop === null) return null;
		const mark =
			s.encrypted && (!prev || !prev.encrypted)
				? 'closes'
				: !s.encrypted && prev?.encrypted
					? 'opens'
					: null;
		prev = s;
		return mark;
	});
}

const NOTE_TEXT: Record<Exclude<NoteKind, 'earlier'>, string> = {
	closes: 'From here the connection is encrypted',
	opens: 'From here the connection is in clear again'
};

function earlierText(n: number): string {
	return n === 1
		? 'One earlier message is in the transcript'
		: `${n} earlier messages are in the transcript`;
}

/** A row's words, as the element version showed them: number, text or "Encrypted", badges. */
type Face = 'mono' | 'sans' | 'bold' | 'badge';

export function rowWords(
	step: Step
): { text: string; ink: Ink; face: Face; badge?: 'bad' | 'warn' }[] {
	const words: ReturnType<typeof rowWords> = [
		{ text: `${step.index + 1}.`, ink: 'soft', face: 'mono' }
	];
	if (step.encrypted) {
		words.push({ text: 'Encrypted', ink: 'enc', face: 'bold' });
		const kind = step.layer === 'TLS' ? 'TLS handshake message' : `${step.layer} inside TLS`;
		words.push({ text: `(${kind})`, ink: 'soft', face: 'sans' });
	} else {
		const lines = step.text.split('\n');
		words.push({ text: lines[0], ink: 'text', face: 'mono' });
		if (lines.length > 1)
			words.push({
				text: `(+${lines.length - 1} ${lines.length === 2 ? 'line' : 'lines'})`,
				ink: 'soft',
				face: 'sans'
			});
	}
	if (step.tampered)
		words.push({ text: 'altered on the way', ink: 'bad', face: 'badge', badge: 'bad' });
	if (step.decrypted)
		words.push({ text: 'decrypted by the attacker', ink: 'bad', face: 'badge', badge: 'bad' });
	if (step.observer && !step.encrypted)
		words.push({ text: 'seen by the on-path party', ink: 'warn', face: 'badge', badge: 'warn' });
	return words;
}

/** What the canvas shows, in words, for its accessible name (the transcript has every line). */
export function describeDiagram(steps: readonly Step[], index: number): string {
	if (index < 0) return 'No message sent yet';
	const step = steps[index];
	const what = rowWords(step)
		.slice(1)
		.map((w) => w.text)
		.join(' ');
	const who =
		step.from === step.to
			? PARTY_LABELS[step.from]
			: `${PARTY_LABELS[step.from]} to ${PARTY_LABELS[step.to]}`;
	return `Message ${index + 1} of ${steps.length}, ${who}: ${what}`;
}

type Piece = {
	text: string;
	font: string;
	ink: Ink;
	width: number;
	gap: number;
	/** A later word of the same part: on the same line, it joins the run before it. */
	joins?: boolean;
	badge?: 'bad' | 'warn';
};

/**
 * Breaks words into lines no wider than `max`, like the element version's wrapping flex row with
 * `overflow-wrap: anywhere`: words of one part are a space apart, parts 0.4rem apart, a word too
 * long for a line is cut where it must be, a badge never.
 */
function wrap(pieces: Piece[], max: number, measure: LayoutInput['measure']): Piece[][] {
	const lines: Piece[][] = [[]];
	let used = 0;
	for (const piece of pieces) {
		let p = piece;
		for (;;) {
			const line = lines[lines.length - 1];
			const gap = line.length ? p.gap : 0;
			const whole = p.badge || p.width <= max || p.text.length <= 1;
			if (used + gap + p.width <= max || (!line.length && whole)) {
				line.push({ ...p, gap });
				used += gap + p.width;
				break;
			}
			if (line.length) {
				lines.push([]);
				used = 0;
				continue;
			}
			// Alone on a line and still too wide: cut it at the last character that fits.
			let cut = p.text.length - 1;
			while (cut > 1 && measure(p.text.slice(0, cut), p.font) > max) cut--;
			const head = p.text.slice(0, cut);
			line.push({ ...p, text: head, width: measure(head, p.font), gap: 0 });
			lines.push([]);
			used = 0;
			const rest = p.text.slice(cut);
			p = { ...p, text: rest, width: measure(rest, p.font), gap: 0 };
		}
	}
	return lines.filter((l) => l.length);
}

function pieces(
	words: ReturnType<typeof rowWords>,
	fonts: Record<Face, string>,
	space: (font: string) => number,
	partGap: number,
	badgePad: number,
	measure: LayoutInput['measure']
): Piece[] {
	const out: Piece[] = [];
	for (const w of words) {
		const font = fonts[w.face];
		if (w.badge) {
			out.push({
				text: w.text,
				font,
				ink: w.ink,
				width: measure(w.text, font) + 2 * badgePad,
				gap: partGap,
				badge: w.badge
			});
			continue;
		}
		w.text.split(' ').forEach((t, i) => {
			if (t)
				out.push({
					text: t,
					font,
					ink: w.ink,
					width: measure(t, font),
					gap: i ? space(font) : partGap,
					joins: i > 0
				});
		});
	}
	return out;
}

/** Places wrapped lines centred in [left, left + width], from `top`; returns the runs and height. */
function place(
	lines: Piece[][],
	left: number,
	width: number,
	top: number,
	lineHeight: number,
	lineGap: number,
	badgePad: number
) {
	const runs: Run[] = [];
	lines.forEach((line, i) => {
		const total = line.reduce((a, p) => a + p.gap + p.width, 0);
		let x = left + Math.max(0, (width - total) / 2);
		const y = top + i * (lineHeight + lineGap) + lineHeight / 2;
		line.forEach((p, j) => {
			x += p.gap;
			// The next word of the same part on the same line joins its run: one fillText, not one
			// per word.
			const last = runs[runs.length - 1];
			if (j > 0 && p.joins && !last.badge && last.font === p.font && last.ink === p.ink) {
				last.text += ` ${p.text}`;
				last.width = x + p.width - last.x;
				x += p.width;
				return;
			}
			runs.push({
				text: p.text,
				font: p.font,
				ink: p.ink,
				x: p.badge ? x + badgePad : x,
				y,
				width: p.badge ? p.width - 2 * badgePad : p.width,
				...(p.badge ? { badge: p.badge, pad: badgePad } : {})
			});
			x += p.width;
		});
	});
	return { runs, height: lines.length * lineHeight + Math.max(0, lines.length - 1) * lineGap };
}

/**
 * Lays out the latest messages up to `index`, newest at the bottom, as many as fit (at most
 * MAX_ROWS, and always the current one), with the notes where the connection turns encrypted or
 * clear, and a note above saying how many earlier messages are only in the transcript.
 */
export function layoutDiagram(input: LayoutInput): DiagramLayout {
	const { steps, em, rem, width, height, measure } = input;
	const packet = 2 * rem;
	const label = 0.85 * em;
	const fonts = {
		mono: `${label}px ${input.fonts.mono}`,
		sans: `${label}px ${input.fonts.sans}`,
		bold: `700 ${label}px ${input.fonts.sans}`,
		badge: `700 ${0.85 * label}px ${input.fonts.sans}`
	};
	const spaces = new Map<string, number>();
	const space = (font: string) => {
		let s = spaces.get(font);
		if (s === undefined) spaces.set(font, (s = measure(' ', font)));
		return s;
	};
	const lineHeight = Math.round(label * 1.55);
	const badgePad = 0.35 * 0.85 * label;
	const lineGap = 0.2 * rem;
	const pad = 0.5 * rem;
	const textWidth = Math.max(4 * rem, width - 2 * pad);
	const laneWidth = input.contentWidth / Math.max(1, input.lanes);
	const centre = (lane: number) => (lane + 0.5) * laneWidth;
	// Where the visible part starts: words and notes are laid out in it.
	const from = input.scrollLeft;
	const marks = lockMarks(steps);

	const note = (kind: NoteKind, text: string, bottom: number): NoteBox => {
		const icon = kind === 'earlier' ? 0 : 1.1 * rem + 0.4 * rem;
		const inner = Math.max(2 * rem, width - 2 * pad - 2 * pad - icon);
		const face = kind === 'earlier' ? 'sans' : 'bold';
		const lines = wrap(
			pieces([{ text, ink: 'soft', face }], fonts, space, 0, 0, measure),
			inner,
			measure
		);
		const textW = Math.max(...lines.map((l) => l.reduce((a, p) => a + p.gap + p.width, 0)));
		const w = Math.max(0, Math.min(width - 2 * pad, textW + icon + 2 * pad));
		const h = Math.max(1.1 * rem, lines.length * lineHeight) + 0.4 * rem;
		const left = from + Math.max(pad, (width - w) / 2);
		const top = bottom - 0.4 * rem - h;
		const ink: Ink = kind === 'closes' ? 'enc' : kind === 'opens' ? 'warn' : 'soft';
		const placed = place(
			lines,
			left + pad + icon,
			w - 2 * pad - icon,
			top + (h - lines.length * lineHeight) / 2,
			lineHeight,
			0,
			0
		);
		return { kind, top, height: h, left, width: w, runs: placed.runs.map((r) => ({ ...r, ink })) };
	};
	const noteOuter = (n: NoteBox) => n.height + 0.8 * rem;

	// The widest count the note about earlier messages can show.
	const earlierRoom = noteOuter(note('earlier', earlierText(steps.length), height));
	const rows: RowBox[] = [];
	const notes: NoteBox[] = [];
	let bottom = height - rem;
	const topLimit = 0.25 * rem;
	let i = Math.min(input.index, steps.length - 1);
	for (; i >= 0 && rows.length < MAX_ROWS; i--) {
		const step = steps[i];
		const lines = wrap(
			pieces(rowWords(step), fonts, space, 0.4 * rem, badgePad, measure),
			textWidth,
			measure
		);
		const textH = lines.length * lineHeight + (lines.length - 1) * lineGap;
		const rowH = 0.4 * rem + textH + packet;
		const mark = marks[i];
		const markNote = mark ? note(mark, NOTE_TEXT[mark], bottom - rowH) : null;
		const need = rowH + (markNote ? noteOuter(markNote) : 0);
		// Room for the note about earlier messages too, unless this is the first message.
		const reserve = i > 0 ? earlierRoom : 0;
		if (rows.length && bottom - need - reserve < topLimit) break;
		const top = bottom - rowH;
		const placed = place(
			lines,
			from + pad,
			width - 2 * pad,
			top + 0.2 * rem,
			lineHeight,
			lineGap,
			badgePad
		);
		const lane = input.lane(step);
		rows.push({
			step: i,
			top,
			height: rowH,
			current: i === input.index,
			encrypted: step.encrypted,
			tampered: Boolean(step.tampered),
			runs: placed.runs,
			arrow: {
				from: centre(lane.from),
				to: centre(lane.to),
				// On a whole pixel, so that the double line inside TLS stays two crisp lines.
				y: Math.round(top + 0.2 * rem + textH + packet / 2)
			}
		});
		bottom = top;
		if (markNote) {
			notes.push(markNote);
			bottom -= noteOuter(markNote);
		}
	}
	const earlier = i + 1;
	if (earlier > 0) notes.push(note('earlier', earlierText(earlier), bottom));
	// Laid out from the bottom up; returned from the top down.
	return { rows: rows.reverse(), notes: notes.reverse(), earlier, packet, lineHeight };
}

/** Where the travelling packet is (its top-left corner) after `progress` (0..1) of its arrow. */
export function packetAt(row: RowBox, progress: number, packet: number): { x: number; y: number } {
	const { from, to, y } = row.arrow;
	const top = y - packet / 2;
	if (from === to) return { x: from - packet / 2, y: top };
	// As the element version drew it: the packet's edge starts at the sender's lane centre, and its
	// other edge ends at the receiver's, over the arrowhead.
	const left = Math.min(from, to);
	const run = Math.abs(to - from) - packet;
	const p = to > from ? progress : 1 - progress;
	return { x: left + p * run, y: top };
}

export interface Palette {
	text: string;
	soft: string;
	accent: string;
	enc: string;
	encBg: string;
	warn: string;
	warnBg: string;
	bad: string;
	badBg: string;
	surface: string;
	border: string;
	/** Forced colours: the system's Highlight outlines the current row instead of a tint. */
	highlight: string | null;
}

const LOCK =
	'M7 10V7a5 5 0 0 1 10 0v3h1.5A1.5 1.5 0 0 1 20 11.5v9A1.5 1.5 0 0 1 18.5 22h-13A1.5 1.5 0 0 1 4 20.5v-9A1.5 1.5 0 0 1 5.5 10zm2 0h6V7a3 3 0 0 0-6 0zm3 4a1.5 1.5 0 0 0-1 2.6V19h2v-2.4a1.5 1.5 0 0 0-1-2.6z';
const ENVELOPE =
	'M3 9.5 12 3l9 6.5V20a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1zm2 .9V19h14v-8.6l-7 5zm1.3-1.1L12 13.4l5.7-4.1L12 5.3z';

let icons: { lock: Path2D; envelope: Path2D } | undefined;
function icon(name: 'lock' | 'envelope'): Path2D {
	icons ??= { lock: new Path2D(LOCK), envelope: new Path2D(ENVELOPE) };
	return icons[name];
}

function roundRect(
	ctx: CanvasRenderingContext2D,
	x: number,
	y: number,
	w: number,
	h: number,
	r: number
) {
	ctx.beginPath();
	ctx.roundRect(x, y, Math.max(0, w), Math.max(0, h), Math.max(0, Math.min(r, h / 2, w / 2)));
}

/**
 * A packet: an open envelope for a message in clear, a locked packet inside TLS, red when the
 * attacker altered it. Drawn at (x, y) with edge `size`.
 */
export function paintPacket(
	ctx: CanvasRenderingContext2D,
	x: number,
	y: number,
	size: number,
	kind: { encrypted: boolean; tampered: boolean },
	c: Palette
) {
	const stroke = kind.tampered ? c.bad : kind.encrypted ? c.enc : c.soft;
	const ink = kind.tampered ? c.bad : kind.encrypted ? c.enc : c.text;
	roundRect(ctx, x + 1, y + 1, size - 2, size - 2, 6);
	ctx.fillStyle = kind.encrypted ? c.encBg : c.surface;
	ctx.fill();
	ctx.lineWidth = 2;
	ctx.strokeStyle = stroke;
	ctx.stroke();
	const s = (size * 0.6) / 24;
	ctx.save();
	ctx.translate(x + size * 0.2, y + size * 0.2);
	ctx.scale(s, s);
	ctx.fillStyle = ink;
	ctx.fill(icon(kind.encrypted ? 'lock' : 'envelope'));
	ctx.restore();
}

function inkOf(c: Palette, ink: Ink): string {
	return { text: c.text, soft: c.soft, enc: c.enc, warn: c.warn, bad: c.bad }[ink];
}

/**
 * Paints the layout: the current row's tint (or, in forced colours, its outline), the notes, each
 * row's words, its arrow (a double line inside TLS) and its packet at rest at the end of the arrow,
 * except the current row's packet, which travels on a canvas of its own (paintPacket). Shapes of
 * one colour, and words of one font and colour, are painted together: a canvas parses a colour or a
 * font again each time one is set, even the same one.
 */
export function paintRows(
	ctx: CanvasRenderingContext2D,
	layout: DiagramLayout,
	c: Palette,
	opts: { width: number; rem: number }
) {
	const { width, rem } = opts;
	const { lineHeight } = layout;
	ctx.textBaseline = 'middle';
	ctx.textAlign = 'left';
	for (const row of layout.rows) {
		if (!row.current) continue;
		if (c.highlight) {
			ctx.lineWidth = 2;
			ctx.strokeStyle = c.highlight;
			ctx.strokeRect(1, row.top + 1, width - 2, row.height - 2);
		} else {
			ctx.globalAlpha = 0.12;
			ctx.fillStyle = c.accent;
			ctx.fillRect(0, row.top, width, row.height);
			ctx.globalAlpha = 1;
		}
	}
	ctx.lineWidth = 1;
	for (const n of layout.notes) {
		const [ink, bg] =
			n.kind === 'closes'
				? [c.enc, c.encBg]
				: n.kind === 'opens'
					? [c.warn, c.warnBg]
					: [c.border, c.surface];
		roundRect(ctx, n.left, n.top, n.width, n.height, 999);
		ctx.fillStyle = bg;
		ctx.fill();
		ctx.strokeStyle = ink;
		ctx.setLineDash(n.kind === 'earlier' ? [4, 3] : []);
		ctx.stroke();
		ctx.setLineDash([]);
		if (n.kind !== 'earlier') {
			const size = 1.1 * rem;
			const first = n.runs[0];
			ctx.save();
			ctx.translate(first.x - 0.4 * rem - size, n.top + (n.height - size) / 2);
			ctx.scale(size / 24, size / 24);
			ctx.fillStyle = ink;
			ctx.fill(icon(n.kind === 'closes' ? 'lock' : 'envelope'));
			ctx.restore();
		}
	}
	const runs = [...layout.notes.flatMap((n) => n.runs), ...layout.rows.flatMap((r) => r.runs)];
	// The badges' pills, under their words.
	for (const badge of ['bad', 'warn'] as const) {
		const pills = runs.filter((r) => r.badge === badge);
		if (!pills.length) continue;
		ctx.beginPath();
		for (const r of pills) {
			const pad = r.pad ?? 0;
			ctx.roundRect(r.x - pad, r.y - 0.42 * lineHeight, r.width + 2 * pad, 0.84 * lineHeight, 4);
		}
		ctx.fillStyle = badge === 'bad' ? c.badBg : c.warnBg;
		ctx.fill();
		ctx.strokeStyle = badge === 'bad' ? c.bad : c.warn;
		ctx.stroke();
	}
	// The arrows' shafts, clear then encrypted, then all heads.
	for (const encrypted of [false, true]) {
		ctx.beginPath();
		for (const row of layout.rows) {
			const { from, to, y } = row.arrow;
			if (row.encrypted !== encrypted || from === to) continue;
			const l = Math.min(from, to);
			// On whole pixels (y is one): a 3 px double line inside TLS, a 2 px line in clear.
			if (encrypted) {
				ctx.rect(l, y - 1, Math.abs(to - from), 1);
				ctx.rect(l, y + 1, Math.abs(to - from), 1);
			} else ctx.rect(l, y - 1, Math.abs(to - from), 2);
		}
		ctx.fillStyle = encrypted ? c.enc : c.soft;
		ctx.fill();
	}
	ctx.beginPath();
	for (const row of layout.rows) {
		const { from, to, y } = row.arrow;
		if (from === to) continue;
		const dir = to > from ? 1 : -1;
		ctx.moveTo(to, y);
		ctx.lineTo(to - dir * 9, y - 6);
		ctx.lineTo(to - dir * 9, y + 6);
		ctx.closePath();
	}
	ctx.fillStyle = c.soft;
	ctx.fill();
	// The words, one font and colour at a time.
	const groups = new Map<string, Run[]>();
	for (const r of runs) {
		const key = `${r.ink}\n${r.font}`;
		const group = groups.get(key);
		if (group) group.push(r);
		else groups.set(key, [r]);
	}
	for (const group of groups.values()) {
		ctx.font = group[0].font;
		ctx.fillStyle = inkOf(c, group[0].ink);
		for (const r of group) ctx.fillText(r.text, r.x, r.y);
	}
	for (const row of layout.rows) {
		if (row.current) continue;
		const at = packetAt(row, 1, layout.packet);
		paintPacket(ctx, at.x, at.y, layout.packet, row, c);
	}
}
