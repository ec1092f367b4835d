// PDF engine shared by every printed document (giấy mời, bằng khen, bảng tên, lists).
// pdf-lib + fontkit with the pre-subset Tinos faces (STACK.md P11–P13). Pure: data in, bytes out.
//
// Coordinates are pdf-lib's (points, origin bottom-left) unless a name says otherwise; `mm()`
// converts, and `boxFromTop()` turns a box measured in mm from the sheet's top-left corner (how an
// organiser measures a phôi with a ruler) into points.
import {
	PDFDocument,
	PDFFont,
	PDFPage,
	rgb,
	closePath,
	fill,
	lineTo,
	moveTo,
	popGraphicsState,
	pushGraphicsState,
	rectangle,
	setFillingRgbColor,
	type Color
} from 'pdf-lib';
import * as fontkitNs from '@pdf-lib/fontkit';
import QRCode from 'qrcode';
import { loadFontBytes, type FontFace } from './fonts';

// @pdf-lib/fontkit's ES build has only a default export while its .d.ts declares named ones, and
// Node (adapter-node build) loads the UMD build as CommonJS: take `.default` when it exists.
const fontkit = (fontkitNs as unknown as { default?: typeof fontkitNs }).default ?? fontkitNs;

/** Converts millimetres to PDF points. */
export function mm(x: number): number {
	return (x * 72) / 25.4;
}

/** Converts PDF points to millimetres. */
export function toMm(pt: number): number {
	return (pt * 25.4) / 72;
}

export type PageSize = [width: number, height: number];

/** Sheet sizes in points. */
export const PAGE_SIZES = {
	a4Portrait: [mm(210), mm(297)] as PageSize,
	a4Landscape: [mm(297), mm(210)] as PageSize,
	a3Landscape: [mm(420), mm(297)] as PageSize
};

export const BLACK = rgb(0, 0, 0);
export const WHITE = rgb(1, 1, 1);
export const GREY = rgb(0.45, 0.45, 0.45);
export const LIGHT_GREY = rgb(0.9, 0.9, 0.9);
/** Red of the authority line and "BẰNG KHEN" (vermilion-red, prints well on office lasers). */
export const RED = rgb(0.8, 0.07, 0.07);
export const GOLD = rgb(0.8, 0.62, 0.15);

export type Align = 'left' | 'center' | 'right';

export interface PdfFonts {
	regular: PDFFont;
	bold: PDFFont;
	italic: PDFFont;
	boldItalic: PDFFont;
}

export interface PdfContext {
	doc: PDFDocument;
	fonts: PdfFonts;
}

export interface CreatePdfOptions {
	title?: string;
	subject?: string;
	author?: string;
}

/** Creates a document with fontkit registered and the four Tinos faces embedded. */
export async function createPdf(opts: CreatePdfOptions = {}): Promise<PdfContext> {
	const doc = await PDFDocument.create();
	doc.registerFontkit(fontkit);
	const bytes = loadFontBytes();
	// subset:true is safe here because the files are already harfbuzz subsets (P12); pdf-lib then
	// keeps only the glyphs used, so a one-page letter is ~25 KB instead of ~180 KB.
	const embed = (face: FontFace) => doc.embedFont(bytes[face], { subset: true });
	const [regular, bold, italic, boldItalic] = await Promise.all([
		embed('regular'),
		embed('bold'),
		embed('italic'),
		embed('boldItalic')
	]);
	if (opts.title) doc.setTitle(normalizePdfText(opts.title));
	if (opts.subject) doc.setSubject(normalizePdfText(opts.subject));
	if (opts.author) doc.setAuthor(normalizePdfText(opts.author));
	doc.setLanguage('vi-VN');
	doc.setCreator('Hội Nghị');
	doc.setProducer('Hội Nghị (pdf-lib)');
	return { doc, fonts: { regular, bold, italic, boldItalic } };
}

/** Saves a document to bytes. */
export async function savePdf(doc: PDFDocument): Promise<Uint8Array> {
	return doc.save({ useObjectStreams: true });
}

// ---------------------------------------------------------------------------------------------
// Text preparation and metrics

// All four Tinos faces share these vertical metrics (hhea: ascent 1825, descent -443, 2048 upm).
// pdf-lib's heightAtSize(…, {descender:false}) subtracts an unscaled descent, so it is not used.
const ASCENT = 1825 / 2048;
const DESCENT = 443 / 2048;

/** Ascent (above the baseline) of the Tinos faces at a size, in points. */
export function ascentAt(size: number): number {
	return ASCENT * size;
}

/** Descent (below the baseline) of the Tinos faces at a size, in points. */
export function descentAt(size: number): number {
	return DESCENT * size;
}

const LOOKALIKES: Record<string, string> = {
	'\t': ' ',
	'\u2002': ' ',
	'\u2003': ' ',
	'\u2007': ' ',
	'\u2009': ' ',
	'\u202f': ' ',
	'\u2010': '-',
	'\u2011': '-',
	'\u2012': '-',
	'\u2212': '-',
	'\u2015': '\u2014',
	'\u2032': "'",
	'\u2033': '"',
	'\u00ad': '',
	'\u200b': '',
	'\u200c': '',
	'\u200d': '',
	'\u2060': '',
	'\ufeff': '',
	'\r': ''
};

const charSets = new WeakMap<PDFFont, Set<number>>();

function charSetOf(font: PDFFont): Set<number> {
	let set = charSets.get(font);
	if (!set) {
		set = new Set(font.getCharacterSet());
		charSets.set(font, set);
	}
	return set;
}

/** NFC-normalises and tidies a string for PDF metadata (no font check). */
export function normalizePdfText(text: string): string {
	return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * Prepares text for measuring and drawing with a font: NFC (P13: pdf-lib ignores mark
 * positioning, so decomposed input would draw the marks beside the letters), lookalike
 * punctuation mapped, invisible characters dropped, and anything the font lacks replaced by "?"
 * (a visible sign of a problem, rather than an empty box). Newlines are kept.
 */
export function prepareText(text: string, font: PDFFont): string {
	const set = charSetOf(font);
	let out = '';
	for (const ch of text.normalize('NFC')) {
		const mapped = LOOKALIKES[ch] ?? ch;
		for (const c of mapped) {
			const cp = c.codePointAt(0) ?? 0;
			if (c === '\n' || set.has(cp)) out += c;
			else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
			else out += '?';
		}
	}
	return out;
}

const widthCaches = new WeakMap<PDFFont, Map<string, number>>();

/** Width of already-prepared text at a size, in points. */
function widthOf(font: PDFFont, text: string, size: number): number {
	if (!text) return 0;
	// fontkit lays out the string on every call; fitText measures the same words at many sizes.
	// Widths scale linearly with size, so cache the width at 1 pt per font (bounded).
	let cache = widthCaches.get(font);
	if (!cache) {
		cache = new Map();
		widthCaches.set(font, cache);
	}
	let w = cache.get(text);
	if (w === undefined) {
		w = font.widthOfTextAtSize(text, 1);
		if (cache.size > 20_000) cache.clear();
		cache.set(text, w);
	}
	return w * size;
}

/** Measures text (normalised first) at a size, in points. */
export function measureText(text: string, font: PDFFont, size: number): number {
	return widthOf(font, prepareText(text, font).replace(/\n/g, ' '), size);
}

// ---------------------------------------------------------------------------------------------
// Single-line text

export interface DrawTextOptions {
	/** Left edge (align left), centre (center) or right edge (right), in points. */
	x: number;
	/** Baseline, in points from the bottom of the page. */
	y: number;
	font: PDFFont;
	size: number;
	color?: Color;
	align?: Align;
	/** Shrink the size (down to minSize) and then cut with "…" so the line never exceeds this. */
	maxWidth?: number;
	/** Smallest size when shrinking for maxWidth; default 60 % of size. */
	minSize?: number;
}

export interface DrawnText {
	text: string;
	width: number;
	size: number;
}

/** Draws one line of text (newlines become spaces); returns what was drawn. */
export function drawText(page: PDFPage, text: string, opts: DrawTextOptions): DrawnText {
	const { font, x, y } = opts;
	let s = prepareText(text, font).replace(/\n/g, ' ');
	let size = opts.size;
	let width = widthOf(font, s, size);
	if (opts.maxWidth !== undefined && width > opts.maxWidth && width > 0) {
		const minSize = opts.minSize ?? size * 0.6;
		size = Math.max(minSize, Math.floor(((size * opts.maxWidth) / width) * 10) / 10);
		width = widthOf(font, s, size);
		if (width > opts.maxWidth) {
			s = ellipsize(s, font, size, opts.maxWidth);
			width = widthOf(font, s, size);
		}
	}
	if (!s) return { text: s, width: 0, size };
	const align = opts.align ?? 'left';
	const left = align === 'left' ? x : align === 'center' ? x - width / 2 : x - width;
	page.drawText(s, { x: left, y, size, font, color: opts.color ?? BLACK });
	return { text: s, width, size };
}

function ellipsize(s: string, font: PDFFont, size: number, maxWidth: number): string {
	const chars = Array.from(s);
	while (chars.length > 0 && widthOf(font, chars.join('') + '…', size) > maxWidth) chars.pop();
	return chars.length ? chars.join('').trimEnd() + '…' : '';
}

// ---------------------------------------------------------------------------------------------
// Wrapping and fitting

/** Splits one over-long word into pieces that each fit maxWidth (at least one character each). */
function breakWord(word: string, font: PDFFont, size: number, maxWidth: number): string[] {
	const pieces: string[] = [];
	let cur = '';
	for (const ch of word) {
		if (cur && widthOf(font, cur + ch, size) > maxWidth) {
			pieces.push(cur);
			cur = ch;
		} else cur += ch;
	}
	if (cur) pieces.push(cur);
	return pieces;
}

/** Word-wraps prepared text: "\n" forces a break, words wider than maxWidth are split. */
function wrapPrepared(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
	const lines: string[] = [];
	const space = widthOf(font, ' ', size);
	for (const para of text.split('\n')) {
		const words = para.split(' ').filter((w) => w.length > 0);
		if (words.length === 0) {
			lines.push('');
			continue;
		}
		let line = '';
		let lineWidth = 0;
		for (const word of words) {
			const w = widthOf(font, word, size);
			if (line && lineWidth + space + w <= maxWidth) {
				line += ' ' + word;
				lineWidth += space + w;
				continue;
			}
			if (line) lines.push(line);
			if (w <= maxWidth) {
				line = word;
				lineWidth = w;
			} else {
				const pieces = breakWord(word, font, size, maxWidth);
				lines.push(...pieces.slice(0, -1));
				line = pieces[pieces.length - 1];
				lineWidth = widthOf(font, line, size);
			}
		}
		lines.push(line);
	}
	return lines;
}

/** Word-wraps text (normalised first) into lines no wider than maxWidth points. */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
	return wrapPrepared(prepareText(text, font), font, size, maxWidth);
}

/** Height of a block of n lines: first ascent, (n-1) line advances, last descent. */
export function blockHeight(lines: number, size: number, lineHeight: number): number {
	if (lines <= 0) return 0;
	return ascentAt(size) + (lines - 1) * lineHeight + descentAt(size);
}

export interface FitTextOptions {
	font: PDFFont;
	/** Box width in points. */
	width: number;
	/** Box height in points; omit to limit by maxLines only. */
	height?: number;
	maxSize: number;
	minSize: number;
	/** At most this many lines (default: as many as the height allows). */
	maxLines?: number;
	/** Baseline-to-baseline distance as a multiple of the size (default 1.2). */
	lineHeight?: number;
	/** Size decrement when shrinking (default 0.5 pt). */
	step?: number;
	/**
	 * Below minSize, keep shrinking down to this size rather than overflow the box (default
	 * 75 % of minSize). Pass minSize to forbid it.
	 */
	floorSize?: number;
	/**
	 * Even out the lines (narrowest width that keeps the same line count): centred text then
	 * reads as a block instead of a full line and a stray last word.
	 */
	balance?: boolean;
}

export interface FitTextResult {
	lines: string[];
	size: number;
	/** Baseline-to-baseline distance in points. */
	lineHeight: number;
	/** Height of the block in points (ascent of the first line to descent of the last). */
	height: number;
	/** The size went below minSize to stay in the box. */
	belowMin: boolean;
	/** Even the floor size did not fit: lines were cut and the last one ends in "…". */
	truncated: boolean;
}

/**
 * Chooses the largest size from maxSize down to minSize at which the text wraps into at most
 * maxLines lines inside the box, and returns the wrapped lines. If nothing fits, it shrinks on
 * to floorSize and finally cuts the text, so the result never leaves the box.
 */
export function fitText(text: string, opts: FitTextOptions): FitTextResult {
	const { font, width } = opts;
	const prepared = prepareText(text, font);
	const lhFactor = opts.lineHeight ?? 1.2;
	const step = opts.step ?? 0.5;
	const floor = Math.min(opts.floorSize ?? opts.minSize * 0.75, opts.minSize);
	const maxLines = opts.maxLines ?? Number.POSITIVE_INFINITY;
	const attempt = (size: number): FitTextResult | null => {
		const lineHeight = size * lhFactor;
		const lines = wrapPrepared(prepared, font, size, width);
		const height = blockHeight(lines.length, size, lineHeight);
		if (lines.length > maxLines) return null;
		if (opts.height !== undefined && height > opts.height + 0.01) return null;
		const balanced =
			opts.balance && lines.length > 1 ? balanceLines(prepared, font, size, width, lines) : lines;
		return {
			lines: balanced,
			size,
			lineHeight,
			height,
			belowMin: size < opts.minSize,
			truncated: false
		};
	};
	for (let size = opts.maxSize; size >= floor - 1e-9; size -= step) {
		const s = Math.round(Math.max(size, floor) * 100) / 100;
		const r = attempt(s);
		if (r) return r;
		if (size > opts.minSize && size - step < opts.minSize) {
			const r2 = attempt(opts.minSize);
			if (r2) return r2;
		}
	}
	const atFloor = attempt(floor);
	if (atFloor) return atFloor;
	// Nothing fits even at the floor: keep the lines that fit and mark the cut.
	const size = floor;
	const lineHeight = size * lhFactor;
	const all = wrapPrepared(prepared, font, size, width);
	let n = Math.min(all.length, maxLines);
	if (opts.height !== undefined) {
		const byHeight = Math.floor((opts.height - ascentAt(size) - descentAt(size)) / lineHeight) + 1;
		n = Math.max(1, Math.min(n, byHeight));
	}
	const lines = all.slice(0, n);
	lines[n - 1] = ellipsize(`${lines[n - 1]} `, font, size, width);
	return {
		lines,
		size,
		lineHeight,
		height: blockHeight(lines.length, size, lineHeight),
		belowMin: true,
		truncated: true
	};
}

function balanceLines(
	text: string,
	font: PDFFont,
	size: number,
	width: number,
	lines: string[]
): string[] {
	// Binary search for the narrowest width that still gives the same number of lines.
	let lo = width / 2;
	let hi = width;
	let best = lines;
	for (let i = 0; i < 12 && hi - lo > 1; i++) {
		const w = (lo + hi) / 2;
		const tryLines = wrapPrepared(text, font, size, w);
		if (tryLines.length <= lines.length) {
			best = tryLines;
			hi = w;
		} else lo = w;
	}
	return best;
}

/** A rectangle in points: left edge, top edge (y from the page bottom), width, height. */
export interface Box {
	left: number;
	top: number;
	width: number;
	height: number;
}

/** A rectangle in millimetres from the top-left corner of the sheet. */
export interface MmBox {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** Converts a box measured in mm from the sheet's top-left corner (plus an offset) to points. */
export function boxFromTop(page: PDFPage, box: MmBox, offsetX = 0, offsetY = 0): Box {
	return {
		left: mm(box.x + offsetX),
		top: page.getHeight() - mm(box.y + offsetY),
		width: mm(box.width),
		height: mm(box.height)
	};
}

export interface DrawLinesOptions {
	font: PDFFont;
	size: number;
	lineHeight: number;
	color?: Color;
	align?: Align;
	/** Vertical placement inside the box (default middle). */
	valign?: 'top' | 'middle' | 'bottom';
}

/** Draws pre-wrapped lines inside a box; returns the baseline of the last line. */
export function drawLinesInBox(
	page: PDFPage,
	lines: string[],
	box: Box,
	opts: DrawLinesOptions
): number {
	const { size, lineHeight, font } = opts;
	const h = blockHeight(lines.length, size, lineHeight);
	const valign = opts.valign ?? 'middle';
	const slack = box.height - h;
	const top = box.top - (valign === 'top' ? 0 : valign === 'middle' ? slack / 2 : slack);
	const align = opts.align ?? 'center';
	const x =
		align === 'left'
			? box.left
			: align === 'center'
				? box.left + box.width / 2
				: box.left + box.width;
	let y = top - ascentAt(size);
	for (const raw of lines) {
		// Idempotent for lines from wrapText/fitText; normalises lines a caller built itself.
		const line = prepareText(raw, font).replace(/\n/g, ' ');
		page.drawText(line, {
			x:
				align === 'left'
					? x
					: align === 'center'
						? x - widthOf(font, line, size) / 2
						: x - widthOf(font, line, size),
			y,
			size,
			font,
			color: opts.color ?? BLACK
		});
		y -= lineHeight;
	}
	return y + lineHeight;
}

export interface DrawFittedOptions extends Omit<FitTextOptions, 'width' | 'height'> {
	color?: Color;
	align?: Align;
	valign?: 'top' | 'middle' | 'bottom';
}

/** Fits text into a box (shrink, then wrap) and draws it; returns the fit result. */
export function drawFittedText(
	page: PDFPage,
	text: string,
	box: Box,
	opts: DrawFittedOptions
): FitTextResult {
	const fit = fitText(text, { ...opts, width: box.width, height: box.height });
	drawLinesInBox(page, fit.lines, box, {
		font: opts.font,
		size: fit.size,
		lineHeight: fit.lineHeight,
		color: opts.color,
		align: opts.align,
		valign: opts.valign
	});
	return fit;
}

// ---------------------------------------------------------------------------------------------
// Paragraphs with mixed runs, justification and first-line indent (letter bodies)

export interface TextRun {
	text: string;
	/** Default: the paragraph's font. */
	font?: PDFFont;
	color?: Color;
}

interface Piece {
	text: string;
	font: PDFFont;
	color: Color;
	width: number;
}

interface Word {
	pieces: Piece[];
	width: number;
	/** Width of a space after this word, in the font of its last piece. */
	space: number;
}

export interface LaidLine {
	words: Word[];
	/** Natural width: words plus one space between each. */
	width: number;
	/** Indent of this line (first-line indent or 0). */
	indent: number;
	/** Last line of the paragraph or before a hard break: never stretched. */
	last: boolean;
}

export type ParagraphAlign = 'justify' | Align;

export interface ParagraphOptions {
	/** Default font for runs without one, and for plain strings. */
	font: PDFFont;
	size: number;
	/** Width available to the lines, in points. */
	width: number;
	firstLineIndent?: number;
	color?: Color;
}

function piecesWidth(pieces: Piece[]): number {
	return pieces.reduce((a, p) => a + p.width, 0);
}

function tokenize(content: string | TextRun[], opts: ParagraphOptions): (Word | '\n')[] {
	const runs = typeof content === 'string' ? [{ text: content }] : content;
	const out: (Word | '\n')[] = [];
	let current: Piece[] | null = null;
	const flush = () => {
		if (current && current.length) {
			const last = current[current.length - 1];
			out.push({
				pieces: current,
				width: piecesWidth(current),
				space: widthOf(last.font, ' ', opts.size)
			});
		}
		current = null;
	};
	for (const run of runs) {
		const font = run.font ?? opts.font;
		const color = run.color ?? opts.color ?? BLACK;
		const text = prepareText(run.text, font);
		// Split keeping separators: words, runs of spaces, newlines.
		for (const tok of text.split(/( +|\n)/)) {
			if (tok === '') continue;
			if (tok === '\n') {
				flush();
				out.push('\n');
			} else if (tok.startsWith(' ')) {
				flush();
			} else {
				current ??= [];
				current.push({ text: tok, font, color, width: widthOf(font, tok, opts.size) });
			}
		}
	}
	flush();
	return out;
}

function splitLongWord(word: Word, maxWidth: number, size: number): Word[] {
	if (word.width <= maxWidth) return [word];
	// Flatten to characters with their style, then regroup greedily.
	const chars: Piece[] = [];
	for (const p of word.pieces) {
		for (const ch of p.text)
			chars.push({ text: ch, font: p.font, color: p.color, width: widthOf(p.font, ch, size) });
	}
	const words: Word[] = [];
	let cur: Piece[] = [];
	let w = 0;
	for (const c of chars) {
		if (cur.length && w + c.width > maxWidth) {
			words.push({ pieces: mergePieces(cur), width: w, space: word.space });
			cur = [];
			w = 0;
		}
		cur.push(c);
		w += c.width;
	}
	if (cur.length) words.push({ pieces: mergePieces(cur), width: w, space: word.space });
	return words;
}

function mergePieces(chars: Piece[]): Piece[] {
	const out: Piece[] = [];
	for (const c of chars) {
		const last = out[out.length - 1];
		if (last && last.font === c.font && last.color === c.color) {
			last.text += c.text;
			last.width += c.width;
		} else out.push({ ...c });
	}
	return out;
}

/** Breaks a paragraph (plain text or styled runs) into lines for drawParagraphLine. */
export function layoutParagraph(content: string | TextRun[], opts: ParagraphOptions): LaidLine[] {
	const tokens = tokenize(content, opts);
	const indent0 = opts.firstLineIndent ?? 0;
	const lines: LaidLine[] = [];
	let words: Word[] = [];
	let width = 0;
	let indent = indent0;
	const push = (last: boolean) => {
		lines.push({ words, width, indent, last });
		words = [];
		width = 0;
		indent = 0;
	};
	for (const tok of tokens) {
		if (tok === '\n') {
			push(true);
			continue;
		}
		const avail = opts.width - indent;
		for (const word of splitLongWord(tok, Math.min(avail, opts.width), opts.size)) {
			const prev = words[words.length - 1];
			const add = prev ? prev.space + word.width : word.width;
			if (words.length && width + add > opts.width - indent + 0.01) push(false);
			const prev2 = words[words.length - 1];
			width += prev2 ? prev2.space + word.width : word.width;
			words.push(word);
		}
	}
	if (words.length || lines.length === 0) push(true);
	else lines[lines.length - 1].last = true;
	return lines;
}

export interface DrawLineOptions {
	/** Left edge of the text column, in points. */
	x: number;
	/** Baseline. */
	y: number;
	/** Column width. */
	width: number;
	size: number;
	align?: ParagraphAlign;
}

/** Draws one laid-out line; justified lines stretch the gaps between words. */
export function drawParagraphLine(page: PDFPage, line: LaidLine, opts: DrawLineOptions): void {
	const align = opts.align ?? 'justify';
	const avail = opts.width - line.indent;
	let x = opts.x + line.indent;
	let extra = 0;
	if (align === 'justify' && !line.last && line.words.length > 1) {
		extra = (avail - line.width) / (line.words.length - 1);
	} else if (align === 'center') x += (avail - line.width) / 2;
	else if (align === 'right') x += avail - line.width;
	line.words.forEach((word, i) => {
		let px = x;
		for (const p of word.pieces) {
			page.drawText(p.text, { x: px, y: opts.y, size: opts.size, font: p.font, color: p.color });
			px += p.width;
		}
		x += word.width + (i < line.words.length - 1 ? word.space + extra : 0);
	});
}

export interface DrawParagraphOptions extends ParagraphOptions {
	x: number;
	/** Baseline of the first line. */
	y: number;
	/** Baseline-to-baseline distance in points (default 1.2 × size). */
	lineHeight?: number;
	align?: ParagraphAlign;
}

/** Lays out and draws a paragraph on one page; returns the baseline of its last line. */
export function drawParagraph(
	page: PDFPage,
	content: string | TextRun[],
	opts: DrawParagraphOptions
): { lines: number; lastBaseline: number } {
	const lines = layoutParagraph(content, opts);
	const lh = opts.lineHeight ?? opts.size * 1.2;
	let y = opts.y;
	for (const line of lines) {
		drawParagraphLine(page, line, {
			x: opts.x,
			y,
			width: opts.width,
			size: opts.size,
			align: opts.align
		});
		y -= lh;
	}
	return { lines: lines.length, lastBaseline: y + lh };
}

// ---------------------------------------------------------------------------------------------
// Rules and QR

export interface RuleOptions {
	x1: number;
	x2: number;
	y: number;
	thickness?: number;
	color?: Color;
	dash?: number[];
}

/** Draws a horizontal rule from x1 to x2 at y. */
export function drawRule(page: PDFPage, opts: RuleOptions): void {
	page.drawLine({
		start: { x: opts.x1, y: opts.y },
		end: { x: opts.x2, y: opts.y },
		thickness: opts.thickness ?? 0.6,
		color: opts.color ?? BLACK,
		dashArray: opts.dash
	});
}

export interface QrOptions {
	/** Left edge of the symbol including its quiet zone, in points. */
	x: number;
	/** Bottom edge of the symbol including its quiet zone. */
	y: number;
	/** Side of the square including the quiet zone. */
	size: number;
	/** Quiet zone in modules (default 4, as ISO/IEC 18004 asks). */
	quietZone?: number;
	color?: Color;
	/** Paint the square white first (default true): needed on tinted or decorated paper. */
	background?: boolean;
}

/** Draws a QR code (error correction M) as vector rectangles, one fill for the whole matrix. */
export function drawQr(page: PDFPage, payload: string, opts: QrOptions): { modules: number } {
	const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
	const n = qr.modules.size;
	const data = qr.modules.data;
	const q = opts.quietZone ?? 4;
	const unit = opts.size / (n + 2 * q);
	if (opts.background ?? true) {
		page.drawRectangle({ x: opts.x, y: opts.y, width: opts.size, height: opts.size, color: WHITE });
	}
	const c = opts.color ?? BLACK;
	const { red, green, blue } = c as unknown as { red: number; green: number; blue: number };
	const ops = [pushGraphicsState(), setFillingRgbColor(red ?? 0, green ?? 0, blue ?? 0)];
	// One rectangle per horizontal run of dark modules, all filled at once: no hairline seams
	// between neighbouring modules and ~10× fewer operators than one square per module.
	for (let r = 0; r < n; r++) {
		let c0 = -1;
		for (let col = 0; col <= n; col++) {
			const dark = col < n && data[r * n + col] === 1;
			if (dark && c0 < 0) c0 = col;
			if (!dark && c0 >= 0) {
				const x = opts.x + (q + c0) * unit;
				const y = opts.y + opts.size - (q + r + 1) * unit;
				ops.push(rectangle(x, y, (col - c0) * unit, unit));
				c0 = -1;
			}
		}
	}
	ops.push(fill(), popGraphicsState());
	page.pushOperators(...ops);
	return { modules: n };
}

/** Draws a filled five-pointed star centred at (cx, cy) with outer radius r. */
export function drawStar(page: PDFPage, cx: number, cy: number, r: number, color: Color): void {
	const { red, green, blue } = color as unknown as { red: number; green: number; blue: number };
	const inner = r * 0.382;
	const ops = [pushGraphicsState(), setFillingRgbColor(red, green, blue)];
	for (let i = 0; i < 10; i++) {
		const rad = i % 2 === 0 ? r : inner;
		const a = Math.PI / 2 + (i * Math.PI) / 5;
		const x = cx + rad * Math.cos(a);
		const y = cy + rad * Math.sin(a);
		ops.push(i === 0 ? moveTo(x, y) : lineTo(x, y));
	}
	ops.push(closePath(), fill(), popGraphicsState());
	page.pushOperators(...ops);
}

// ---------------------------------------------------------------------------------------------
// Printable tables (delegate lists, attendance, programme, budget)

export interface TableColumn {
	header: string;
	/** Relative width; columns share the text width in proportion. */
	width: number;
	align?: Align;
}

export interface TablePdfOptions {
	title: string;
	subtitle?: string;
	columns: TableColumn[];
	rows: string[][];
	orientation?: 'portrait' | 'landscape';
	/** Printed small at the bottom-left of every page (e.g. "In lúc 10:30 ngày 05/04/2024"). */
	footer?: string;
	/** Indices of rows that are section headings spanning all columns. */
	groupHeaderRows?: number[];
}

const TABLE = {
	margin: { top: mm(15), bottom: mm(15), left: mm(15), right: mm(12) },
	size: 11,
	headerSize: 11,
	lineHeight: 1.18,
	padX: mm(1.5),
	padY: mm(1.2),
	border: 0.5
};

interface TableRowLayout {
	group: boolean;
	cells: string[][];
	height: number;
}

/** Renders a list as a printable table: wrapped cells, header repeated, "Trang i/n" numbers. */
export async function renderTablePdf(opts: TablePdfOptions): Promise<Uint8Array> {
	const { doc, fonts } = await createPdf({ title: opts.title });
	const [pw, ph] =
		opts.orientation === 'landscape' ? PAGE_SIZES.a4Landscape : PAGE_SIZES.a4Portrait;
	const m = TABLE.margin;
	const tableWidth = pw - m.left - m.right;
	const total = opts.columns.reduce((a, c) => a + Math.max(0, c.width), 0) || 1;
	const widths = opts.columns.map((c) => (Math.max(0, c.width) / total) * tableWidth);
	const lh = TABLE.size * TABLE.lineHeight;
	const groups = new Set(opts.groupHeaderRows ?? []);
	const rowHeight = (lines: number) =>
		blockHeight(Math.max(1, lines), TABLE.size, lh) + 2 * TABLE.padY;

	// Header words are never broken ("ST/T" reads badly): a narrow column gets a smaller size.
	const headerSizes = opts.columns.map((c, i) => {
		const longest = Math.max(
			0,
			...prepareText(c.header, fonts.bold)
				.split(/\s+/)
				.map((w) => widthOf(fonts.bold, w, 1))
		);
		const avail = widths[i] - 2 * TABLE.padX;
		if (longest <= 0) return TABLE.headerSize;
		return Math.max(7, Math.min(TABLE.headerSize, Math.floor((avail / longest) * 2) / 2));
	});
	const headerCells = opts.columns.map((c, i) =>
		wrapText(c.header, fonts.bold, headerSizes[i], widths[i] - 2 * TABLE.padX)
	);
	const headerHeight = rowHeight(Math.max(...headerCells.map((c) => c.length), 1));

	const rows: TableRowLayout[] = opts.rows.map((row, r) => {
		if (groups.has(r)) {
			const text = row.filter((c) => c && c.trim()).join(' ');
			const lines = wrapText(text, fonts.bold, TABLE.size, tableWidth - 2 * TABLE.padX);
			return { group: true, cells: [lines], height: rowHeight(lines.length) };
		}
		const cells = opts.columns.map((_, i) =>
			wrapText(row[i] ?? '', fonts.regular, TABLE.size, widths[i] - 2 * TABLE.padX)
		);
		return { group: false, cells, height: rowHeight(Math.max(...cells.map((c) => c.length), 1)) };
	});

	const pages: PDFPage[] = [];
	let page!: PDFPage;
	let y = 0;
	const bottom = m.bottom + mm(6);
	const newPage = (first: boolean) => {
		page = doc.addPage([pw, ph]);
		pages.push(page);
		y = ph - m.top;
		if (first) {
			const t = fitText(opts.title, {
				font: fonts.bold,
				width: tableWidth,
				maxSize: 14,
				minSize: 11,
				maxLines: 3
			});
			drawLinesInBox(
				page,
				t.lines,
				{ left: m.left, top: y, width: tableWidth, height: t.height },
				{
					font: fonts.bold,
					size: t.size,
					lineHeight: t.lineHeight,
					valign: 'top'
				}
			);
			y -= t.height + mm(1.5);
			if (opts.subtitle) {
				const s = fitText(opts.subtitle, {
					font: fonts.italic,
					width: tableWidth,
					maxSize: 12,
					minSize: 10,
					maxLines: 3
				});
				drawLinesInBox(
					page,
					s.lines,
					{ left: m.left, top: y, width: tableWidth, height: s.height },
					{
						font: fonts.italic,
						size: s.size,
						lineHeight: s.lineHeight,
						valign: 'top'
					}
				);
				y -= s.height + mm(1.5);
			}
			y -= mm(3);
		}
		drawTableRow(page, headerCells, widths, m.left, y, headerHeight, {
			font: fonts.bold,
			fill: LIGHT_GREY,
			aligns: opts.columns.map(() => 'center'),
			sizes: headerSizes,
			valign: 'middle'
		});
		y -= headerHeight;
	};
	newPage(true);
	// A row taller than a whole page (a very long note) is cut into page-sized pieces; any other
	// row moves to the next page whole.
	const maxLines = Math.max(
		1,
		Math.floor((ph - m.top - headerHeight - bottom - 2 * TABLE.padY) / lh)
	);
	const pieces = rows.flatMap((row) => splitTableRow(row, maxLines, rowHeight));
	for (const row of pieces) {
		if (y - row.height < bottom) newPage(false);
		if (row.group) {
			drawTableRow(page, row.cells, [tableWidth], m.left, y, row.height, {
				font: fonts.bold,
				fill: rgb(0.95, 0.95, 0.95),
				aligns: ['left']
			});
		} else {
			drawTableRow(page, row.cells, widths, m.left, y, row.height, {
				font: fonts.regular,
				aligns: opts.columns.map((c) => c.align ?? 'left')
			});
		}
		y -= row.height;
	}
	if (rows.length === 0) {
		drawText(page, '(Không có dữ liệu)', {
			x: pw / 2,
			y: y - mm(6),
			font: fonts.italic,
			size: TABLE.size,
			align: 'center'
		});
	}
	pages.forEach((p, i) => {
		const yFoot = m.bottom - mm(2);
		drawText(p, `Trang ${i + 1}/${pages.length}`, {
			x: pw - m.right,
			y: yFoot,
			font: fonts.regular,
			size: 10,
			align: 'right'
		});
		if (opts.footer) {
			drawText(p, opts.footer, {
				x: m.left,
				y: yFoot,
				font: fonts.italic,
				size: 9,
				color: GREY,
				maxWidth: tableWidth - mm(30)
			});
		}
	});
	return savePdf(doc);
}

function splitTableRow(
	row: TableRowLayout,
	maxLines: number,
	rowHeight: (lines: number) => number
): TableRowLayout[] {
	const longest = Math.max(...row.cells.map((c) => c.length), 1);
	if (longest <= maxLines) return [row];
	const out: TableRowLayout[] = [];
	for (let start = 0; start < longest; start += maxLines) {
		const cells = row.cells.map((c) => c.slice(start, start + maxLines));
		out.push({
			group: row.group,
			cells,
			height: rowHeight(Math.max(...cells.map((c) => c.length), 1))
		});
	}
	return out;
}

function drawTableRow(
	page: PDFPage,
	cells: string[][],
	widths: number[],
	left: number,
	top: number,
	height: number,
	style: {
		font: PDFFont;
		fill?: Color;
		aligns: Align[];
		sizes?: number[];
		valign?: 'top' | 'middle';
	}
): void {
	let x = left;
	cells.forEach((lines, i) => {
		const w = widths[i];
		const size = style.sizes?.[i] ?? TABLE.size;
		page.drawRectangle({
			x,
			y: top - height,
			width: w,
			height,
			color: style.fill,
			borderColor: BLACK,
			borderWidth: TABLE.border
		});
		drawLinesInBox(
			page,
			lines,
			{
				left: x + TABLE.padX,
				top: top - TABLE.padY,
				width: w - 2 * TABLE.padX,
				height: height - 2 * TABLE.padY
			},
			{
				font: style.font,
				size,
				lineHeight: size * TABLE.lineHeight,
				align: style.aligns[i],
				valign: style.valign ?? 'top'
			}
		);
		x += w;
	});
}
