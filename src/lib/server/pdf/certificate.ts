// Bằng khen: full design (border, emblem placeholder, quốc hiệu, red authority line and title) or
// overprint of the variable fields onto a pre-printed phôi, with per-field boxes in mm and a
// whole-sheet printer offset. REFERENCE.md §3.
import {
	PDFDocument,
	closePath,
	fill,
	lineTo,
	moveTo,
	popGraphicsState,
	pushGraphicsState,
	rgb,
	setFillingRgbColor,
	type Color,
	type PDFEmbeddedPage,
	type PDFPage,
	type PDFOperator
} from 'pdf-lib';
import { formatBlankDateLine, formatDateLine, formatDateLong, vnDateParts } from '$lib/format';
import {
	BLACK,
	GOLD,
	GREY,
	PAGE_SIZES,
	RED,
	ascentAt,
	boxFromTop,
	createPdf,
	drawFittedText,
	drawQr,
	drawRule,
	drawStar,
	drawText,
	fitText,
	measureText,
	mm,
	savePdf,
	type Align,
	type Box,
	type PdfFonts
} from './doc';
import type { FontFace } from './fonts';

export type RecipientKind = 'collective' | 'individual' | 'household';

export interface CertificateData {
	/** "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH THUẬN" (printed red, bold, caps). */
	authorityLine: string;
	/** "BẰNG KHEN". */
	formTitle: string;
	recipientKind: RecipientKind;
	/** "Ông Nguyễn Văn A" / "Ủy ban nhân dân xã Phước Bình" / "Gia đình ông Nguyễn Văn B". */
	recipientLine: string;
	/** Position and unit, or the household's address; may be long. */
	recipientDetail: string;
	/** "Đã có thành tích xuất sắc trong …"; may be long: wraps and shrinks to its box. */
	achievement: string;
	/** "1234/QĐ-UBND". */
	decisionNumber: string;
	/** A Date prints "ngày 05 tháng 4 năm 2024"; a string is printed as given. */
	decisionDate: Date | string;
	/** Số vào sổ / số sổ vàng; empty prints nothing. */
	registerNumber: string;
	/** Label before the register number (default "Số sổ vàng"). */
	registerLabel?: string;
	/** "Ninh Thuận". */
	placeName: string;
	/** Date of the line above the signer; null leaves day and month blank for the văn thư. */
	issueDate: Date | null;
	/** "KT. CHỦ TỊCH", or "CHỦ TỊCH" when the head signs (then signerTitle may be empty). */
	signerPrefix: string;
	/** "PHÓ CHỦ TỊCH". */
	signerTitle: string;
	signerName: string;
	/** A small QR and code in a corner, for checking the certificate online. */
	verification?: { code: string; url: string };
}

export type CertificateField =
	| 'authority'
	| 'title'
	| 'recipient'
	| 'detail'
	| 'achievement'
	| 'decision'
	| 'register'
	| 'dateLine'
	| 'signer'
	| 'verification';

export const CERTIFICATE_FIELDS: CertificateField[] = [
	'authority',
	'title',
	'recipient',
	'detail',
	'achievement',
	'decision',
	'register',
	'dateLine',
	'signer',
	'verification'
];

/** A field's box in mm from the sheet's top-left corner, with its font size range (pt). */
export interface CertificateFieldBox {
	x: number;
	y: number;
	width: number;
	height: number;
	maxSize: number;
	minSize: number;
	align: Align;
	/** False: the field is not printed (e.g. pre-printed on the phôi). */
	enabled: boolean;
	/** Overrides the field's default face. */
	font?: FontFace;
}

export interface CertificateLayout {
	/** 'full' draws the whole design; 'overprint' only the enabled variable fields, for a phôi. */
	mode: 'full' | 'overprint';
	/** Landscape sheet: A3 420 × 297 mm or A4 297 × 210 mm. */
	paper: 'A3' | 'A4';
	/** Printer calibration in mm: positive moves everything right. */
	offsetX: number;
	/** Printer calibration in mm: positive moves everything down. */
	offsetY: number;
	fields: Record<CertificateField, CertificateFieldBox>;
}

// Boxes for A3 landscape (420 × 297 mm), the size provinces print bằng khen on (REFERENCE.md
// §3.3); A4 is the same design scaled by 297/420. The signer box keeps ≥ 35 mm between the title
// and the name for signature and seal (NĐ 50/2006 Điều 28, still the common practice).
const A3_FIELDS: Record<CertificateField, Omit<CertificateFieldBox, 'enabled'>> = {
	authority: { x: 40, y: 79, width: 340, height: 12, maxSize: 22, minSize: 14, align: 'center' },
	title: { x: 60, y: 101, width: 300, height: 24, maxSize: 60, minSize: 36, align: 'center' },
	recipient: { x: 40, y: 127, width: 340, height: 16, maxSize: 30, minSize: 16, align: 'center' },
	detail: { x: 40, y: 143, width: 340, height: 14, maxSize: 19, minSize: 12, align: 'center' },
	achievement: { x: 45, y: 158, width: 330, height: 42, maxSize: 22, minSize: 12, align: 'center' },
	decision: { x: 40, y: 205, width: 165, height: 16, maxSize: 15, minSize: 10, align: 'center' },
	register: { x: 40, y: 221, width: 165, height: 8, maxSize: 15, minSize: 10, align: 'center' },
	dateLine: { x: 225, y: 205, width: 170, height: 9, maxSize: 17, minSize: 12, align: 'center' },
	signer: { x: 225, y: 214, width: 170, height: 57, maxSize: 17, minSize: 12, align: 'center' },
	verification: { x: 27, y: 246, width: 24, height: 28, maxSize: 8, minSize: 6, align: 'center' }
};

const SCALE: Record<CertificateLayout['paper'], number> = { A3: 1, A4: 297 / 420 };

const DEFAULT_FONT: Record<CertificateField, FontFace> = {
	authority: 'bold',
	title: 'bold',
	recipient: 'boldItalic',
	detail: 'regular',
	achievement: 'regular',
	decision: 'italic',
	register: 'italic',
	dateLine: 'italic',
	signer: 'bold',
	verification: 'regular'
};

function sheetSize(paper: CertificateLayout['paper']): [number, number] {
	return paper === 'A3' ? PAGE_SIZES.a3Landscape : PAGE_SIZES.a4Landscape;
}

/** Default field boxes for A3 or A4 landscape; overprint mode leaves out authority and title. */
export function defaultCertificateLayout(
	paper: CertificateLayout['paper'],
	mode: CertificateLayout['mode']
): CertificateLayout {
	const k = SCALE[paper];
	const round = (v: number) => Math.round(v * k * 10) / 10;
	const fields = {} as Record<CertificateField, CertificateFieldBox>;
	for (const name of CERTIFICATE_FIELDS) {
		const b = A3_FIELDS[name];
		fields[name] = {
			x: round(b.x),
			y: round(b.y),
			width: round(b.width),
			height: round(b.height),
			maxSize: round(b.maxSize),
			minSize: round(b.minSize),
			align: b.align,
			// On a phôi the authority line and "BẰNG KHEN" are pre-printed.
			enabled: mode === 'full' || (name !== 'authority' && name !== 'title')
		};
	}
	return { mode, paper, offsetX: 0, offsetY: 0, fields };
}

/** Renders one page per certificate, in the given order. */
export async function renderCertificates(
	items: CertificateData[],
	layout: CertificateLayout
): Promise<Uint8Array> {
	const { doc, fonts } = await createPdf({
		title: items.length === 1 ? `${items[0].formTitle} – ${items[0].recipientLine}` : 'Bằng khen'
	});
	const size = sheetSize(layout.paper);
	const decoration = layout.mode === 'full' ? await buildDecoration(doc, layout.paper) : null;
	for (const item of items) {
		const page = doc.addPage(size);
		if (decoration) {
			page.drawPage(decoration, { x: mm(layout.offsetX), y: -mm(layout.offsetY) });
			drawFixedText(page, layout, fonts);
		}
		drawFields(page, item, layout, fonts);
	}
	if (items.length === 0) doc.addPage(size);
	return savePdf(doc);
}

export interface FieldFit {
	field: CertificateField;
	size: number;
	lines: number;
	/** Shrunk below the box's minSize to stay inside it. */
	belowMin: boolean;
	/** Cut even at the smallest size: the text is too long for the box. */
	truncated: boolean;
}

/** Fits each enabled text field of one certificate without drawing: a preflight for the UI. */
export async function checkCertificateFit(
	item: CertificateData,
	layout: CertificateLayout
): Promise<FieldFit[]> {
	const { doc, fonts } = await createPdf();
	const page = doc.addPage(sheetSize(layout.paper));
	return drawFields(page, item, layout, fonts, false);
}

function fieldText(item: CertificateData, field: CertificateField): string {
	switch (field) {
		case 'authority':
			return item.authorityLine.toLocaleUpperCase('vi');
		case 'title':
			return item.formTitle.toLocaleUpperCase('vi');
		case 'recipient':
			return item.recipientLine;
		case 'detail':
			return item.recipientDetail;
		case 'achievement':
			return item.achievement;
		case 'decision': {
			const number = item.decisionNumber.trim();
			if (!number) return '';
			const d = item.decisionDate;
			const when =
				d instanceof Date
					? formatDateLong(d)
					: /^\s*ngày/i.test(d)
						? d.trim()
						: d.trim()
							? `ngày ${d.trim()}`
							: '';
			return `Quyết định số ${number}${when ? ` ${when}` : ''}`;
		}
		case 'register': {
			const n = item.registerNumber.trim();
			return n ? `${item.registerLabel ?? 'Số sổ vàng'}: ${n}` : '';
		}
		case 'dateLine':
			return item.issueDate
				? formatDateLine(item.placeName, item.issueDate)
				: formatBlankDateLine(item.placeName, yearOf(item.decisionDate)).replace(/ {2,}/g, (s) =>
						'\u00a0'.repeat(s.length + 4)
					);
		default:
			return '';
	}
}

function yearOf(d: Date | string): number {
	if (d instanceof Date) return vnDateParts(d).year;
	const m = /(\d{4})/.exec(d);
	return m ? Number(m[1]) : vnDateParts(new Date()).year;
}

const LINE_HEIGHT: Partial<Record<CertificateField, number>> = { achievement: 1.3, detail: 1.2 };

function drawFields(
	page: PDFPage,
	item: CertificateData,
	layout: CertificateLayout,
	fonts: PdfFonts,
	draw = true
): FieldFit[] {
	const fits: FieldFit[] = [];
	const { offsetX, offsetY } = layout;
	for (const field of CERTIFICATE_FIELDS) {
		const spec = layout.fields[field];
		if (!spec || !spec.enabled) continue;
		const box = boxFromTop(page, spec, offsetX, offsetY);
		if (field === 'signer') {
			fits.push(drawSigner(page, item, spec, box, fonts, draw));
			continue;
		}
		if (field === 'verification') {
			if (item.verification && draw) drawVerification(page, item.verification, spec, box, fonts);
			continue;
		}
		let face = spec.font ?? DEFAULT_FONT[field];
		// A collective's name reads better upright; people and households get the bold italic.
		if (field === 'recipient' && !spec.font && item.recipientKind === 'collective') face = 'bold';
		const text = fieldText(item, field);
		if (!text.trim()) continue;
		const color: Color = field === 'authority' || field === 'title' ? RED : BLACK;
		const opts = {
			font: fonts[face],
			maxSize: spec.maxSize,
			minSize: spec.minSize,
			lineHeight: LINE_HEIGHT[field] ?? 1.15,
			color,
			align: spec.align,
			maxLines: field === 'title' || field === 'authority' || field === 'dateLine' ? 1 : undefined,
			balance: spec.align === 'center'
		};
		const fit = draw
			? drawFittedText(page, text, box, opts)
			: fitText(text, { ...opts, width: box.width, height: box.height });
		fits.push({
			field,
			size: fit.size,
			lines: fit.lines.length,
			belowMin: fit.belowMin,
			truncated: fit.truncated
		});
	}
	return fits;
}

function drawSigner(
	page: PDFPage,
	item: CertificateData,
	spec: CertificateFieldBox,
	box: Box,
	fonts: PdfFonts,
	draw: boolean
): FieldFit {
	const font = fonts[spec.font ?? DEFAULT_FONT.signer];
	const heads = [item.signerPrefix, item.signerTitle]
		.map((s) => s.trim().toLocaleUpperCase('vi'))
		.filter(Boolean);
	// Prefix and title at the top of the box, the name on its bottom edge; what lies between is the
	// space for signature and seal.
	let size = spec.maxSize;
	const widest = (s: number) => Math.max(0, ...heads.map((h) => measureText(h, font, s)));
	while (size > spec.minSize && widest(size) > box.width) size -= 0.5;
	const nameSize = Math.min(spec.maxSize + 1, spec.maxSize * 1.1);
	const lh = size * 1.3;
	if (draw) {
		const x =
			spec.align === 'left'
				? box.left
				: spec.align === 'right'
					? box.left + box.width
					: box.left + box.width / 2;
		let y = box.top - ascentAt(size);
		for (const h of heads) {
			drawText(page, h, { x, y, font, size, align: spec.align, maxWidth: box.width });
			y -= lh;
		}
		const nameBaseline = box.top - box.height + mm(0.3) + nameSize * 0.25;
		drawText(page, item.signerName, {
			x,
			y: nameBaseline,
			font,
			size: nameSize,
			align: spec.align,
			maxWidth: box.width
		});
	}
	return {
		field: 'signer',
		size,
		lines: heads.length + 1,
		belowMin: false,
		truncated: widest(size) > box.width
	};
}

function drawVerification(
	page: PDFPage,
	v: { code: string; url: string },
	spec: CertificateFieldBox,
	box: Box,
	fonts: PdfFonts
): void {
	const textH = spec.maxSize * 1.3;
	const qr = Math.min(box.width, box.height - textH);
	const x = box.left + (box.width - qr) / 2;
	drawQr(page, v.url, { x, y: box.top - qr, size: qr, quietZone: 2 });
	drawText(page, v.code, {
		x: box.left + box.width / 2,
		y: box.top - qr - spec.maxSize,
		font: fonts.regular,
		size: spec.maxSize,
		align: 'center',
		color: GREY,
		maxWidth: box.width + mm(6)
	});
}

// ---------------------------------------------------------------------------------------------
// Full design: border with corner ornaments, emblem placeholder, quốc hiệu, "TẶNG"

function polygonOps(points: [number, number][]): PDFOperator[] {
	return [moveTo(...points[0]), ...points.slice(1).map((p) => lineTo(...p)), closePath()];
}

function fillShapes(page: PDFPage, color: Color, shapes: [number, number][][]): void {
	const { red, green, blue } = color as unknown as { red: number; green: number; blue: number };
	page.pushOperators(
		pushGraphicsState(),
		setFillingRgbColor(red, green, blue),
		...shapes.flatMap(polygonOps),
		fill(),
		popGraphicsState()
	);
}

function diamond(cx: number, cy: number, rx: number, ry = rx): [number, number][] {
	return [
		[cx, cy + ry],
		[cx + rx, cy],
		[cx, cy - ry],
		[cx - rx, cy]
	];
}

/**
 * Draws the vector part of the design (frames, band, corner ornaments, emblem placeholder) once,
 * on a page of a scratch document, and returns it embedded as a Form XObject. Every certificate
 * page then references the same object: 150 A3 pages shrink from ~1.4 MB to ~0.2 MB.
 */
async function buildDecoration(
	doc: PDFDocument,
	paper: CertificateLayout['paper']
): Promise<PDFEmbeddedPage> {
	const scratch = await PDFDocument.create();
	const page = scratch.addPage(sheetSize(paper));
	const k = SCALE[paper];
	const W = page.getWidth();
	const H = page.getHeight();
	const u = (v: number) => mm(v * k);

	// Frames: outer red, gold band of diamonds, inner red and gold lines.
	const frame = (inset: number, width: number, color: Color) =>
		page.drawRectangle({
			x: u(inset),
			y: u(inset),
			width: W - 2 * u(inset),
			height: H - 2 * u(inset),
			borderColor: color,
			borderWidth: width * k
		});
	frame(10, 2.4, RED);
	frame(12, 0.8, GOLD);
	frame(19, 0.8, GOLD);
	frame(20.5, 1.4, RED);

	// The band between 12 and 19 mm: gold diamonds with small red ones between them.
	const mid = u(15.5);
	const gold: [number, number][][] = [];
	const red: [number, number][][] = [];
	const step = u(7);
	const along = (from: number, to: number, at: (t: number) => [number, number]) => {
		const n = Math.floor((to - from) / step);
		const start = from + (to - from - n * step) / 2;
		for (let i = 0; i <= n; i++) {
			const [cx, cy] = at(start + i * step);
			gold.push(diamond(cx, cy, u(2.2), u(2.6)));
			if (i < n) {
				const [mx, my] = at(start + (i + 0.5) * step);
				red.push(diamond(mx, my, u(0.9)));
			}
		}
	};
	const c0 = u(30);
	along(c0, W - c0, (t) => [t, mid]);
	along(c0, W - c0, (t) => [t, H - mid]);
	along(c0, H - c0, (t) => [mid, t]);
	along(c0, H - c0, (t) => [W - mid, t]);
	fillShapes(page, GOLD, gold);
	fillShapes(page, RED, red);

	// Corner ornaments: a red square with a gold diamond, a red diamond and a gold star inside.
	const corners: [number, number][] = [
		[mid, mid],
		[W - mid, mid],
		[mid, H - mid],
		[W - mid, H - mid]
	];
	for (const [cx, cy] of corners) {
		page.drawRectangle({
			x: cx - u(8),
			y: cy - u(8),
			width: u(16),
			height: u(16),
			color: RED,
			borderColor: GOLD,
			borderWidth: 1.2 * k
		});
		fillShapes(page, GOLD, [diamond(cx, cy, u(6.5))]);
		fillShapes(page, RED, [diamond(cx, cy, u(3.6))]);
		drawStar(page, cx, cy, u(2.6), GOLD);
	}

	// Emblem area: the Quốc huy is not drawn (it is pre-printed or stamped in practice); a red
	// disc with a gold star marks its place.
	const ex = W / 2;
	const ey = H - u(39);
	page.drawCircle({
		x: ex,
		y: ey,
		size: u(15),
		color: RED,
		borderColor: GOLD,
		borderWidth: 2.2 * k
	});
	page.drawCircle({ x: ex, y: ey, size: u(12.2), borderColor: GOLD, borderWidth: 0.7 * k });
	drawStar(page, ex, ey + u(0.6), u(8.5), GOLD);
	return doc.embedPage(page);
}

/** Draws the fixed text of the full design: quốc hiệu, tiêu ngữ with its rule, "TẶNG". */
function drawFixedText(page: PDFPage, layout: CertificateLayout, fonts: PdfFonts): void {
	const k = SCALE[layout.paper];
	const W = page.getWidth();
	const H = page.getHeight();
	const cx = W / 2 + mm(layout.offsetX);
	const qhY = H - mm(64 * k + layout.offsetY);
	drawText(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', {
		x: cx,
		y: qhY,
		font: fonts.bold,
		size: 17 * k,
		align: 'center'
	});
	const motto = drawText(page, 'Độc lập - Tự do - Hạnh phúc', {
		x: cx,
		y: qhY - mm(7.5 * k),
		font: fonts.bold,
		size: 18 * k,
		align: 'center'
	});
	drawRule(page, {
		x1: cx - motto.width / 2,
		x2: cx + motto.width / 2,
		y: qhY - mm(10 * k),
		thickness: 0.8 * k
	});

	// "TẶNG" (black) centred in the gap between the authority line and the title.
	const a = layout.fields.authority;
	const t = layout.fields.title;
	const tangSize = 19 * k;
	const centre = (a.y + a.height + t.y) / 2 + layout.offsetY;
	drawText(page, 'TẶNG', {
		x: mm(a.x + a.width / 2 + layout.offsetX),
		y: H - mm(centre) - (CAP_HEIGHT * tangSize) / 2,
		font: fonts.bold,
		size: tangSize,
		align: 'center'
	});
}

// Tinos cap height (1341/2048 em): centres a line of capitals on a point.
const CAP_HEIGHT = 1341 / 2048;

/** Renders a calibration sheet: a mm ruler grid and every field box outlined and named, offset. */
export async function renderCalibrationPage(layout: CertificateLayout): Promise<Uint8Array> {
	const { doc, fonts } = await createPdf({ title: 'Trang căn chỉnh in bằng khen' });
	const page = doc.addPage(sheetSize(layout.paper));
	const W = page.getWidth();
	const H = page.getHeight();
	const wMm = layout.paper === 'A3' ? 420 : 297;
	const hMm = layout.paper === 'A3' ? 297 : 210;
	const ox = layout.offsetX;
	const oy = layout.offsetY;
	const X = (v: number) => mm(v + ox);
	const Y = (v: number) => H - mm(v + oy);
	const gridColor = (v: number) => (v % 10 === 0 ? GRID10 : GRID5);

	// Grid: 5 mm lines very light, 10 mm lines light; rulers with 1/5/10 mm ticks along top and left.
	for (let v = 5; v < wMm; v += 5) {
		page.drawLine({
			start: { x: X(v), y: Y(0) },
			end: { x: X(v), y: Y(hMm) },
			thickness: v % 10 === 0 ? 0.35 : 0.2,
			color: gridColor(v)
		});
	}
	for (let v = 5; v < hMm; v += 5) {
		page.drawLine({
			start: { x: X(0), y: Y(v) },
			end: { x: X(wMm), y: Y(v) },
			thickness: v % 10 === 0 ? 0.35 : 0.2,
			color: gridColor(v)
		});
	}
	for (let v = 1; v < wMm; v++) {
		const len = v % 10 === 0 ? 5 : v % 5 === 0 ? 3.5 : 2;
		page.drawLine({
			start: { x: X(v), y: Y(0) },
			end: { x: X(v), y: Y(len) },
			thickness: 0.4,
			color: BLACK
		});
		page.drawLine({
			start: { x: X(v), y: Y(hMm) },
			end: { x: X(v), y: Y(hMm - len) },
			thickness: 0.4,
			color: BLACK
		});
		if (v % 10 === 0)
			drawText(page, String(v), {
				x: X(v),
				y: Y(8),
				font: fonts.regular,
				size: 6.5,
				align: 'center'
			});
	}
	for (let v = 1; v < hMm; v++) {
		const len = v % 10 === 0 ? 5 : v % 5 === 0 ? 3.5 : 2;
		page.drawLine({
			start: { x: X(0), y: Y(v) },
			end: { x: X(len), y: Y(v) },
			thickness: 0.4,
			color: BLACK
		});
		page.drawLine({
			start: { x: X(wMm), y: Y(v) },
			end: { x: X(wMm - len), y: Y(v) },
			thickness: 0.4,
			color: BLACK
		});
		if (v % 10 === 0)
			drawText(page, String(v), { x: X(6), y: Y(v) - 2.2, font: fonts.regular, size: 6.5 });
	}

	// Field boxes.
	for (const name of CERTIFICATE_FIELDS) {
		const f = layout.fields[name];
		if (!f) continue;
		const color = f.enabled ? BOX : GREY;
		page.drawRectangle({
			x: X(f.x),
			y: Y(f.y + f.height),
			width: mm(f.width),
			height: mm(f.height),
			borderColor: color,
			borderWidth: 1,
			borderDashArray: f.enabled ? undefined : [3, 2]
		});
		const label = `${FIELD_LABELS[name]} (${name})${f.enabled ? '' : ' – không in'}`;
		drawText(page, label, {
			x: X(f.x) + 2,
			y: Y(f.y) - 8,
			font: fonts.bold,
			size: 7,
			color,
			maxWidth: mm(f.width) - 4
		});
		drawText(
			page,
			`x ${f.x}  y ${f.y}  ${f.width} × ${f.height} mm  ${f.minSize}–${f.maxSize} pt`,
			{
				x: X(f.x) + 2,
				y: Y(f.y + f.height) + 2.5,
				font: fonts.regular,
				size: 6,
				color,
				maxWidth: mm(f.width) - 4
			}
		);
	}

	const note = [
		`Trang căn chỉnh – khổ ${layout.paper} ngang (${wMm} × ${hMm} mm), ` +
			`chế độ ${layout.mode === 'full' ? 'in toàn bộ' : 'in đè lên phôi'}; ` +
			`độ lệch X = ${fmtMm(ox)} mm, Y = ${fmtMm(oy)} mm.`,
		'In trang này trên giấy trắng cùng khổ, tắt "co giãn theo trang" (in 100 %), ' +
			'đặt chồng lên phôi và soi đèn.',
		'Vạch 0 của thước phải trùng mép giấy; nếu lệch, chỉnh độ lệch X (sang phải là dương), ' +
			'Y (xuống dưới là dương).'
	];
	// The band under the top ruler is free in both default layouts (the design's emblem area).
	const noteSize = layout.paper === 'A3' ? 11 : 9;
	let ny = Y(16) - noteSize;
	for (const line of note) {
		drawText(page, line, {
			x: X(20),
			y: ny,
			font: fonts.italic,
			size: noteSize,
			maxWidth: mm(wMm - 40),
			color: BLACK
		});
		ny -= noteSize * 1.35;
	}
	return savePdf(doc);
}

function fmtMm(v: number): string {
	return (Math.round(v * 10) / 10).toString().replace('.', ',');
}

const GRID10 = rgb(0.62, 0.62, 0.62);
const GRID5 = rgb(0.84, 0.84, 0.84);
const BOX = RED;

const FIELD_LABELS: Record<CertificateField, string> = {
	authority: 'Cơ quan tặng',
	title: 'Tên bằng',
	recipient: 'Người/đơn vị nhận',
	detail: 'Chức vụ, đơn vị / địa chỉ',
	achievement: 'Thành tích',
	decision: 'Số, ngày quyết định',
	register: 'Số sổ vàng',
	dateLine: 'Địa danh, ngày tháng',
	signer: 'Người ký',
	verification: 'Mã xác thực'
};
