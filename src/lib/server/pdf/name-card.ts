// Bảng tên (tent cards) for the presidium and the front rows: one card per A4 landscape sheet,
// folded in half along the long middle line. The lower half is printed upright and the upper half
// turned 180°, so once folded and stood on the table each face reads the right way up.
import {
	concatTransformationMatrix,
	popGraphicsState,
	pushGraphicsState,
	rgb,
	type PDFPage
} from 'pdf-lib';
import {
	GREY,
	PAGE_SIZES,
	createPdf,
	drawFittedText,
	drawRule,
	mm,
	savePdf,
	type Box,
	type PdfFonts
} from './doc';

export interface NameCard {
	name: string;
	position?: string;
	unit?: string;
	/** "Ông", "Bà", "Đồng chí": printed before the name when given. */
	salutation?: string;
}

export interface NameCardOptions {
	paper?: 'A4';
}

const DARK_RED = rgb(0.55, 0.05, 0.05);
const [W, H] = PAGE_SIZES.a4Landscape;
const HALF = H / 2;

/** Renders one two-sided tent card per A4 landscape page, in the given order. */
export async function renderNameCards(
	cards: NameCard[],
	opts: NameCardOptions = {}
): Promise<Uint8Array> {
	// A4 is the only size offered: folded, it stands ~10 cm high, enough for a name.
	void opts.paper;
	const { doc, fonts } = await createPdf({ title: 'Bảng tên đại biểu' });
	for (const card of cards) {
		const page = doc.addPage([W, H]);
		drawFace(page, card, fonts);
		// The same face again, turned 180° about the centre of the sheet: it lands on the upper half.
		page.pushOperators(pushGraphicsState(), concatTransformationMatrix(-1, 0, 0, -1, W, H));
		drawFace(page, card, fonts);
		page.pushOperators(popGraphicsState());
		drawFoldGuide(page);
	}
	if (cards.length === 0) doc.addPage([W, H]);
	return savePdf(doc);
}

/** Draws one face in the lower half of the sheet (the fold is its top edge). */
function drawFace(page: PDFPage, card: NameCard, fonts: PdfFonts): void {
	const inset = mm(9);
	const frame = { x: inset, y: inset, w: W - 2 * inset, h: HALF - inset - mm(7) };
	page.drawRectangle({
		x: frame.x,
		y: frame.y,
		width: frame.w,
		height: frame.h,
		borderColor: DARK_RED,
		borderWidth: 1.6
	});
	page.drawRectangle({
		x: frame.x + mm(1.6),
		y: frame.y + mm(1.6),
		width: frame.w - mm(3.2),
		height: frame.h - mm(3.2),
		borderColor: DARK_RED,
		borderWidth: 0.5
	});

	const name = [card.salutation, card.name]
		.map((s) => (s ?? '').trim())
		.filter(Boolean)
		.join(' ');
	const role = [card.position, card.unit]
		.map((s) => (s ?? '').trim())
		.filter(Boolean)
		.join(' – ');
	const padX = mm(10);
	const innerTop = frame.y + frame.h - mm(7);
	const innerBottom = frame.y + mm(7);
	const left = frame.x + padX;
	const width = frame.w - 2 * padX;
	if (role) {
		const nameBox: Box = { left, top: innerTop, width, height: (innerTop - innerBottom) * 0.6 };
		const roleBox: Box = {
			left,
			top: innerTop - nameBox.height - mm(2),
			width,
			height: innerTop - innerBottom - nameBox.height - mm(2)
		};
		drawFittedText(page, name, nameBox, {
			font: fonts.bold,
			maxSize: 60,
			minSize: 30,
			maxLines: 2,
			lineHeight: 1.1,
			color: DARK_RED,
			align: 'center'
		});
		drawFittedText(page, role, roleBox, {
			font: fonts.bold,
			maxSize: 26,
			minSize: 12,
			maxLines: 3,
			lineHeight: 1.15,
			align: 'center',
			valign: 'top'
		});
	} else {
		drawFittedText(
			page,
			name,
			{ left, top: innerTop, width, height: innerTop - innerBottom },
			{
				font: fonts.bold,
				maxSize: 66,
				minSize: 30,
				maxLines: 2,
				lineHeight: 1.1,
				color: DARK_RED,
				align: 'center'
			}
		);
	}
}

function drawFoldGuide(page: PDFPage): void {
	// A light dashed line across the fold and solid ticks in the side margins, where they stay
	// visible after folding but are not part of either face.
	drawRule(page, {
		x1: mm(12),
		x2: W - mm(12),
		y: HALF,
		thickness: 0.4,
		color: GREY,
		dash: [3, 4]
	});
	drawRule(page, { x1: 0, x2: mm(7), y: HALF, thickness: 0.8, color: GREY });
	drawRule(page, { x1: W - mm(7), x2: W, y: HALF, thickness: 0.8, color: GREY });
}
