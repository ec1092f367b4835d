// Giấy mời (NĐ 30/2020/NĐ-CP Phụ lục I, Mẫu 1.7): one personalised letter per delegate, all of a
// batch in one PDF, each letter starting on a new A4 page. REFERENCE.md §4.
import type { PDFPage } from 'pdf-lib';
import { formatBlankDateLine, formatDateLine, formatEventWhen, vnDateParts } from '$lib/format';
import {
	GREY,
	PAGE_SIZES,
	ascentAt,
	createPdf,
	drawLinesInBox,
	drawParagraphLine,
	drawQr,
	drawRule,
	drawText,
	fitText,
	layoutParagraph,
	measureText,
	mm,
	savePdf,
	wrapText,
	type LaidLine,
	type ParagraphAlign,
	type PdfFonts,
	type TextRun
} from './doc';

export interface InvitationRecipient {
	salutation: 'Ông' | 'Bà' | null;
	name: string | null;
	/** "Giám đốc"; printed before the unit: "Giám đốc Sở Tài chính". */
	position: string | null;
	unit: string | null;
	/** A letter to an office rather than a person: "Lãnh đạo Sở Tài chính". */
	addressedTo: string | null;
	/** Seats for an office letter: "(02 đại biểu)". */
	places?: number;
}

export interface InvitationLetter {
	/** First line of the issuing body, e.g. "ỦY BAN NHÂN DÂN". */
	authorityParent: string;
	/**
	 * Bold unless false. For UBND both lines are one name and both bold; set false when the first
	 * line is a cơ quan chủ quản ("UBND TỈNH NINH THUẬN" above "SỞ TÀI CHÍNH").
	 */
	authorityParentBold?: boolean;
	/** "TỈNH NINH THUẬN" (or "SỞ TÀI CHÍNH"): bold, with a short rule under it. */
	authorityName: string;
	/** Empty: "Số:      /GM-UBND" is left for the văn thư to fill in by hand. */
	docNumber: string;
	/** "GM-UBND". */
	docSymbol: string;
	/** "Ninh Thuận" (from 1/7/2025 "Khánh Hòa"). */
	placeName: string;
	/** Null: a blank date line ("ngày      tháng      năm 2024") for the văn thư. */
	issueDate: Date | null;
	/** "GIẤY MỜI". */
	title: string;
	/** Trích yếu under the title, optional. */
	subject?: string | null;
	recipient: InvitationRecipient;
	/** The inviting body as it opens the letter: "Ủy ban nhân dân tỉnh Ninh Thuận". */
	hostName: string;
	eventTitle: string;
	startsAt: Date;
	venue: string;
	address: string | null;
	programmeSummary: string[];
	/** Trang phục, bring the letter or QR, contact and phone; "Label: text" gets a bold label. */
	notes: string[];
	/** The personal link encoded in the QR; null prints no QR box. */
	qrPayload: string | null;
	/** Short code printed beside the QR ("Mã check-in: …"), for look-up by hand at the desk. */
	checkinCode: string | null;
	/** Closing sentence; default "Rất mong Ông/Bà/Quý cơ quan … đến dự đúng giờ./." */
	closing?: string;
	/** "KT. CHỦ TỊCH"; null or empty when the head signs in person. */
	signerPrefix: string | null;
	/** "PHÓ CHỦ TỊCH". */
	signerTitle: string;
	signerName: string;
	/** "Nơi nhận:" lines: "- Như trên;", "- Lưu: VT, VXNV." */
	recipientsList: string[];
}

// NĐ 30/2020 Phụ lục I: margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
const [PAGE_W, PAGE_H] = PAGE_SIZES.a4Portrait;
const CONTENT_W = PAGE_W - MARGIN.left - MARGIN.right;
const LEFT_COL_W = mm(64);
const RIGHT_COL_X = MARGIN.left + LEFT_COL_W;
const RIGHT_COL_W = CONTENT_W - LEFT_COL_W;

const SIZE = {
	authority: 12.5,
	nationalTitle: 12,
	motto: 13,
	number: 13,
	dateLine: 13,
	title: 14,
	subject: 13,
	body: 13,
	recipientsHead: 12,
	recipients: 11,
	signer: 13,
	pageNumber: 13
};
const BODY_LH = SIZE.body * 1.25;
// Space after a paragraph: NĐ 30 asks ≥ 6 pt between paragraphs; the 1.25 leading adds ~3 pt.
const PARA_GAP = 4.5;
const INDENT = mm(10);
const SIGNATURE_SPACE = mm(26);

/**
 * Renders every letter into one PDF, in order, each starting on a new page. `documentDate` (when given)
 * is written as the file's creation and modification date instead of the clock, so the same data renders
 * to the same bytes (a mailed letter can be checked against a fresh rendering).
 */
export async function renderInvitations(
	letters: InvitationLetter[],
	opts: { documentDate?: Date } = {}
): Promise<Uint8Array> {
	const { doc, fonts } = await createPdf({
		title:
			letters.length === 1
				? `${letters[0].title} – ${recipientLine(letters[0].recipient)}`
				: 'Giấy mời',
		subject: letters[0]?.eventTitle
	});
	if (opts.documentDate) {
		doc.setCreationDate(opts.documentDate);
		doc.setModificationDate(opts.documentDate);
	}
	for (const letter of letters)
		drawLetter(doc.addPage([PAGE_W, PAGE_H]), letter, fonts, () => doc.addPage([PAGE_W, PAGE_H]));
	if (letters.length === 0) doc.addPage([PAGE_W, PAGE_H]);
	return savePdf(doc);
}

/** "Ông Nguyễn Văn A – Giám đốc Sở Tài chính" or "Lãnh đạo Sở Tài chính (02 đại biểu)". */
export function recipientLine(r: InvitationRecipient): string {
	const clean = (s: string | null | undefined) =>
		(s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
	const addressedTo = clean(r.addressedTo);
	if (addressedTo) {
		const places =
			r.places && r.places > 0 ? ` (${String(r.places).padStart(2, '0')} đại biểu)` : '';
		return addressedTo + places;
	}
	const position = clean(r.position);
	const unit = clean(r.unit);
	// "Giám đốc" + "Sở Tài chính" → "Giám đốc Sở Tài chính"; a position that already names the
	// unit ("Giám đốc Sở Tài chính") is not repeated, nor the words both share at the seam
	// ("Bí thư Tỉnh ủy" + "Tỉnh ủy Khánh Hòa" → "Bí thư Tỉnh ủy Khánh Hòa").
	const role =
		position && unit && position.toLocaleLowerCase('vi').includes(unit.toLocaleLowerCase('vi'))
			? position
			: joinAtSeam(position, unit);
	const name = clean(r.name);
	if (name) return [r.salutation, name].filter(Boolean).join(' ') + (role ? ` – ${role}` : '');
	return role || 'Quý đại biểu';
}

/** Joins two phrases, dropping the longest run of words that ends the first and starts the second. */
function joinAtSeam(a: string, b: string): string {
	if (!a || !b) return a || b;
	const wa = a.split(' ');
	const wb = b.split(' ');
	const key = (w: string[]) => w.join(' ').toLocaleLowerCase('vi');
	for (let k = Math.min(wa.length - 1, wb.length); k > 0; k--) {
		if (key(wa.slice(wa.length - k)) === key(wb.slice(0, k))) return [...wa, ...wb.slice(k)].join(' ');
	}
	return `${a} ${b}`;
}

export function defaultClosing(r: InvitationRecipient): string {
	if (r.addressedTo && r.addressedTo.trim()) {
		return 'Rất mong Quý cơ quan cử đại biểu đến dự đúng thành phần, đúng giờ./.';
	}
	const who = r.salutation ?? 'Quý đại biểu';
	return `Rất mong ${who} đến dự đúng giờ./.`;
}

/** Splits "Trang phục: …" into a bold label and the rest (labels up to 40 characters). */
function labelled(text: string, fonts: PdfFonts): TextRun[] {
	const m = /^([^:]{1,40}):\s*(.*)$/s.exec(text.trim());
	if (!m) return [{ text }];
	return [{ text: `${m[1]}: `, font: fonts.bold }, { text: m[2] }];
}

interface Block {
	lines: LaidLine[];
	align: ParagraphAlign;
	gapAfter: number;
	keepWithNext?: boolean;
}

function drawLetter(
	first: PDFPage,
	letter: InvitationLetter,
	fonts: PdfFonts,
	addPage: () => PDFPage
): void {
	let page = first;
	let pageNo = 1;
	let y = PAGE_H - MARGIN.top;
	const bottom = MARGIN.bottom;

	const newPage = () => {
		page = addPage();
		pageNo += 1;
		// NĐ 30: page numbers centred in the top margin, none on the first page.
		drawText(page, String(pageNo), {
			x: MARGIN.left + CONTENT_W / 2,
			y: PAGE_H - mm(13),
			font: fonts.regular,
			size: SIZE.pageNumber,
			align: 'center'
		});
		y = PAGE_H - MARGIN.top;
	};

	y = drawHeader(page, letter, fonts, y);

	// Title and trích yếu.
	y -= mm(9);
	drawText(page, letter.title.toLocaleUpperCase('vi'), {
		x: MARGIN.left + CONTENT_W / 2,
		y,
		font: fonts.bold,
		size: SIZE.title,
		align: 'center',
		maxWidth: CONTENT_W
	});
	y -= mm(1.5);
	if (letter.subject && letter.subject.trim()) {
		const sub = fitText(letter.subject, {
			font: fonts.bold,
			width: mm(130),
			maxSize: SIZE.subject,
			minSize: 12,
			maxLines: 3,
			lineHeight: 1.2
		});
		const box = {
			left: MARGIN.left + (CONTENT_W - mm(130)) / 2,
			top: y,
			width: mm(130),
			height: sub.height
		};
		drawLinesInBox(page, sub.lines, box, {
			font: fonts.bold,
			size: sub.size,
			lineHeight: sub.lineHeight,
			align: 'center',
			valign: 'top'
		});
		y -= sub.height + mm(2.5);
		drawRule(page, {
			x1: MARGIN.left + CONTENT_W / 2 - mm(15),
			x2: MARGIN.left + CONTENT_W / 2 + mm(15),
			y,
			thickness: 0.6
		});
	}
	y -= mm(7);

	// Body paragraphs.
	const para = (
		content: string | TextRun[],
		align: ParagraphAlign = 'justify',
		indent = INDENT
	): LaidLine[] =>
		layoutParagraph(content, {
			font: fonts.regular,
			size: SIZE.body,
			width: CONTENT_W,
			firstLineIndent: align === 'center' ? 0 : indent
		});
	const blocks: Block[] = [];
	const add = (
		lines: LaidLine[],
		align: ParagraphAlign = 'justify',
		gapAfter = PARA_GAP,
		keepWithNext = false
	) => blocks.push({ lines, align, gapAfter, keepWithNext });

	add(para(`${letter.hostName.trim()} trân trọng kính mời:`), 'justify', PARA_GAP, true);
	add(
		para([{ text: recipientLine(letter.recipient), font: fonts.bold }], 'center'),
		'center',
		PARA_GAP + 2
	);
	add(
		para([
			{ text: 'Tới dự: ', font: fonts.bold },
			{ text: letter.eventTitle.trim(), font: fonts.bold }
		])
	);
	add(
		para([
			{ text: 'Thời gian: ', font: fonts.bold },
			{ text: `${formatEventWhen(letter.startsAt)}.` }
		])
	);
	const where = [letter.venue, letter.address]
		.map((s) => (s ?? '').trim())
		.filter(Boolean)
		.join(', ');
	if (where) add(para([{ text: 'Địa điểm: ', font: fonts.bold }, { text: `${where}.` }]));
	const programme = letter.programmeSummary.map((s) => s.trim()).filter(Boolean);
	if (programme.length) {
		add(
			para([{ text: 'Nội dung chương trình:', font: fonts.bold }]),
			'justify',
			PARA_GAP / 2,
			true
		);
		programme.forEach((item, i) =>
			add(
				para(`- ${item}`),
				'justify',
				i === programme.length - 1 ? PARA_GAP : 1,
				i < programme.length - 1
			)
		);
	}
	for (const note of letter.notes.map((s) => s.trim()).filter(Boolean))
		add(para(labelled(note, fonts)));

	// y is the top of the next line; a line whose descent would cross the bottom margin moves on.
	const drawBlock = (b: Block) => {
		for (const line of b.lines) {
			if (y - BODY_LH < bottom) newPage();
			const baseline = y - ascentAt(SIZE.body);
			drawParagraphLine(page, line, {
				x: MARGIN.left,
				y: baseline,
				width: CONTENT_W,
				size: SIZE.body,
				align: b.align
			});
			y -= BODY_LH;
		}
		y -= b.gapAfter;
	};
	const blockHeightOf = (b: Block) => b.lines.length * BODY_LH + b.gapAfter;

	for (let i = 0; i < blocks.length; i++) {
		const b = blocks[i];
		// Keep a heading line with what follows it (and short paragraphs whole) at a page break.
		let need = b.lines.length <= 3 ? blockHeightOf(b) : 2 * BODY_LH;
		if (b.keepWithNext && blocks[i + 1])
			need += Math.min(blockHeightOf(blocks[i + 1]), 2 * BODY_LH);
		if (y - need < bottom) newPage();
		drawBlock(b);
	}

	// QR box: never split.
	if (letter.qrPayload) {
		const h = mm(34);
		if (y - h - mm(2) < bottom) newPage();
		y -= mm(1);
		drawQrBox(page, letter, fonts, y, h);
		y -= h + mm(4);
	}

	// Closing sentence, kept on the page of the signature block (a signature never stands alone).
	const closing = para(letter.closing?.trim() || defaultClosing(letter.recipient));
	const signatureH = signatureBlockHeight(letter, fonts);
	if (y - closing.length * BODY_LH - signatureH < bottom) newPage();
	drawBlock({ lines: closing, align: 'justify', gapAfter: 0 });
	y -= mm(3);
	drawSignatureBlock(page, letter, fonts, y);
}

/** Draws the two-column header; returns the y below it (top of the next element). */
function drawHeader(page: PDFPage, letter: InvitationLetter, fonts: PdfFonts, top: number): number {
	const leftCx = MARGIN.left + LEFT_COL_W / 2;
	const rightCx = RIGHT_COL_X + RIGHT_COL_W / 2;
	const lh = mm(5.6);

	// Left: issuing body (up to 3 lines), short rule, then "Số: …".
	let yl = top - ascentAt(SIZE.authority);
	const parentFont = letter.authorityParentBold === false ? fonts.regular : fonts.bold;
	for (const line of wrapText(
		letter.authorityParent.toLocaleUpperCase('vi'),
		parentFont,
		SIZE.authority,
		LEFT_COL_W
	)) {
		drawText(page, line, {
			x: leftCx,
			y: yl,
			font: parentFont,
			size: SIZE.authority,
			align: 'center'
		});
		yl -= lh;
	}
	const nameLines = wrapText(
		letter.authorityName.toLocaleUpperCase('vi'),
		fonts.bold,
		SIZE.authority,
		LEFT_COL_W
	);
	for (const line of nameLines) {
		drawText(page, line, {
			x: leftCx,
			y: yl,
			font: fonts.bold,
			size: SIZE.authority,
			align: 'center'
		});
		yl -= lh;
	}
	// The short rule: about a third of the name's width, centred (NĐ 30 Phụ lục I).
	const nameW = Math.max(...nameLines.map((l) => measureText(l, fonts.bold, SIZE.authority)));
	const ruleYLeft = yl + lh - mm(2.6);
	drawRule(page, { x1: leftCx - nameW / 3, x2: leftCx + nameW / 3, y: ruleYLeft, thickness: 0.6 });

	// Right: quốc hiệu, tiêu ngữ with a rule the length of the line.
	let yr = top - ascentAt(SIZE.authority);
	drawText(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', {
		x: rightCx,
		y: yr,
		font: fonts.bold,
		size: SIZE.nationalTitle,
		align: 'center',
		maxWidth: RIGHT_COL_W
	});
	yr -= lh;
	const motto = drawText(page, 'Độc lập - Tự do - Hạnh phúc', {
		x: rightCx,
		y: yr,
		font: fonts.bold,
		size: SIZE.motto,
		align: 'center'
	});
	const ruleYRight = yr - mm(2.6);
	drawRule(page, {
		x1: rightCx - motto.width / 2,
		x2: rightCx + motto.width / 2,
		y: ruleYRight,
		thickness: 0.6
	});

	// "Số" (left) and the date line (right) share a baseline below both rules.
	const row = Math.min(ruleYLeft, ruleYRight) - mm(6.5);
	const number = letter.docNumber.trim();
	const symbol = letter.docSymbol.trim();
	// A blank number keeps room for the văn thư to write it in: "Số:        /GM-UBND".
	const numberText = number
		? `Số: ${number}/${symbol}`
		: `Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/${symbol}`;
	drawText(page, numberText, {
		x: leftCx,
		y: row,
		font: fonts.regular,
		size: SIZE.number,
		align: 'center',
		maxWidth: LEFT_COL_W
	});
	const dateLine = letter.issueDate
		? formatDateLine(letter.placeName, letter.issueDate)
		: formatBlankDateLine(letter.placeName, vnDateParts(letter.startsAt).year).replace(
				/ {2,}/g,
				(s) => '\u00a0'.repeat(s.length + 4)
			);
	drawText(page, dateLine, {
		x: rightCx,
		y: row,
		font: fonts.italic,
		size: SIZE.dateLine,
		align: 'center',
		maxWidth: RIGHT_COL_W
	});
	return row - mm(2);
}

function drawQrBox(
	page: PDFPage,
	letter: InvitationLetter,
	fonts: PdfFonts,
	top: number,
	h: number
): void {
	const w = mm(150);
	const left = MARGIN.left + (CONTENT_W - w) / 2;
	page.drawRectangle({
		x: left,
		y: top - h,
		width: w,
		height: h,
		borderColor: GREY,
		borderWidth: 0.6
	});
	const qrSize = h - mm(2);
	drawQr(page, letter.qrPayload ?? '', { x: left + mm(1), y: top - h + mm(1), size: qrSize });
	const tx = left + qrSize + mm(4);
	const tw = w - qrSize - mm(7);
	let ty = top - mm(8);
	if (letter.checkinCode) {
		drawText(page, `Mã check-in: ${letter.checkinCode}`, {
			x: tx,
			y: ty,
			font: fonts.bold,
			size: 14,
			maxWidth: tw
		});
		ty -= mm(6.5);
	}
	drawText(page, 'Quét mã này tại bàn đón tiếp', {
		x: tx,
		y: ty,
		font: fonts.italic,
		size: 12,
		maxWidth: tw
	});
	ty -= mm(6);
	const link = wrapText(
		`Xác nhận tham dự: ${letter.qrPayload ?? ''}`,
		fonts.regular,
		9.5,
		tw
	).slice(0, 3);
	for (const line of link) {
		drawText(page, line, { x: tx, y: ty, font: fonts.regular, size: 9.5, color: GREY });
		ty -= 9.5 * 1.2;
	}
}

function signerLines(letter: InvitationLetter): string[] {
	return [letter.signerPrefix ?? '', letter.signerTitle]
		.map((s) => s.trim().toLocaleUpperCase('vi'))
		.filter(Boolean);
}

function signatureBlockHeight(letter: InvitationLetter, fonts: PdfFonts): number {
	const signer = signerLines(letter).length * mm(5.6) + SIGNATURE_SPACE + mm(6);
	const nn = mm(6) + recipientsLines(letter, fonts).length * SIZE.recipients * 1.2;
	return Math.max(signer, nn);
}

const NN_WIDTH = mm(78);

function recipientsLines(letter: InvitationLetter, fonts: PdfFonts): string[] {
	return letter.recipientsList.flatMap((l) =>
		wrapText(l, fonts.regular, SIZE.recipients, NN_WIDTH)
	);
}

function drawSignatureBlock(
	page: PDFPage,
	letter: InvitationLetter,
	fonts: PdfFonts,
	top: number
): void {
	// Bottom-left: "Nơi nhận:" 12 pt bold italic, the list 11 pt upright.
	let y = top - ascentAt(SIZE.recipientsHead);
	if (letter.recipientsList.length) {
		drawText(page, 'Nơi nhận:', {
			x: MARGIN.left,
			y,
			font: fonts.boldItalic,
			size: SIZE.recipientsHead
		});
		y -= SIZE.recipientsHead * 1.2;
		for (const line of recipientsLines(letter, fonts)) {
			drawText(page, line, { x: MARGIN.left, y, font: fonts.regular, size: SIZE.recipients });
			y -= SIZE.recipients * 1.2;
		}
	}
	// Bottom-right: prefix and title bold caps, space for signature and seal, name bold.
	const cx = MARGIN.left + CONTENT_W - mm(40);
	const maxW = mm(85);
	let ys = top - ascentAt(SIZE.signer);
	for (const line of signerLines(letter)) {
		drawText(page, line, {
			x: cx,
			y: ys,
			font: fonts.bold,
			size: SIZE.signer,
			align: 'center',
			maxWidth: maxW
		});
		ys -= mm(5.6);
	}
	ys -= SIGNATURE_SPACE;
	drawText(page, letter.signerName, {
		x: cx,
		y: ys,
		font: fonts.bold,
		size: SIZE.signer + 0.5,
		align: 'center',
		maxWidth: maxW
	});
}
