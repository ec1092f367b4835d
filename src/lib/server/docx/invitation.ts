/**
 * The giấy mời as a Word document (.docx), for offices that must edit the letter before it is signed: the
 * same content and the same NĐ 30/2020 layout as the PDF (src/lib/server/pdf/invitation.ts), written with
 * the `docx` package.
 *
 * - A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman (the font every office's Word has;
 *   the PDF embeds Tinos, its metric twin).
 * - The header is a borderless two-column table: the issuing body over a short rule and "Số: …/…" on the
 *   left; quốc hiệu, tiêu ngữ over a rule as long as the line, and the date line on the right. The rules are
 *   paragraph borders between indents, so they stay where they are when the text is edited.
 * - Page numbers centred at the top from the second page (NĐ 30), none on the first.
 * - The personal QR code as a picture in a bordered box with the check-in code and the reply link.
 * - The closing and the signature block (Nơi nhận on the left, the signer on the right) are kept together.
 *
 * Text is NFC. Several letters (one section each) make one document, each starting on a new page.
 */
import {
	AlignmentType,
	BorderStyle,
	Document,
	Header,
	ImageRun,
	Packer,
	PageNumber,
	Paragraph,
	Table,
	TableCell,
	TableLayoutType,
	TableRow,
	TextRun,
	VerticalAlign,
	WidthType,
	type ISectionOptions,
	type ParagraphChild
} from 'docx';
import QRCode from 'qrcode';
import { formatBlankDateLine, formatDateLine, formatEventWhen, vnDateParts } from '$lib/format';
import { defaultClosing, recipientLine, type InvitationLetter } from '$lib/server/pdf/invitation';

const FONT = 'Times New Roman';
/** Millimetres to twentieths of a point, rounded (docx's own converter floors: 210 mm would be 11905). */
const twip = (mm: number) => Math.round((mm * 1440) / 25.4);
const MARGIN = { top: 20, bottom: 20, left: 30, right: 15 };
const CONTENT_MM = 210 - MARGIN.left - MARGIN.right;
const LEFT_COL_MM = 64;
const RIGHT_COL_MM = CONTENT_MM - LEFT_COL_MM;
/** Sizes in points (docx wants half-points). */
const SIZE = { authority: 12.5, nationalTitle: 12, motto: 13, number: 13, dateLine: 13, title: 14, body: 13, recipientsHead: 12, recipients: 11, signer: 13 };
const INDENT_MM = 10;
/** Body line spacing 1.2 and 6 pt after a paragraph (NĐ 30: at least 6 pt between paragraphs). */
const BODY_SPACING = { line: 288, after: 120 };

const nfc = (s: string | null | undefined) => (s ?? '').normalize('NFC');
const half = (pt: number) => Math.round(pt * 2);

function run(text: string, o: { size: number; bold?: boolean; italics?: boolean; color?: string }): TextRun {
	return new TextRun({ text: nfc(text), font: FONT, size: half(o.size), bold: o.bold, italics: o.italics, color: o.color });
}

const NO_BORDERS = {
	top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
	bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
	left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
	right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
	insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
	insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
};

function centred(children: ParagraphChild[], o: { after?: number; before?: number; keepNext?: boolean } = {}): Paragraph {
	return new Paragraph({ children, alignment: AlignmentType.CENTER, spacing: { before: o.before ?? 0, after: o.after ?? 0 }, keepNext: o.keepNext, keepLines: true });
}

/** A short horizontal rule centred in a column: a bottom border between indents. */
function rule(columnMm: number, ruleMm: number, afterPt = 4): Paragraph {
	const side = twip(Math.max(0, (columnMm - ruleMm) / 2));
	return new Paragraph({
		children: [],
		indent: { left: side, right: side },
		border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
		spacing: { before: 0, after: afterPt * 20, line: 120, lineRule: 'exact' }
	});
}

/** Rough width in mm of a bold Times line (for the length of the rule under the motto and the name). */
function widthMm(text: string, pt: number): number {
	return text.length * pt * 0.5 * 0.3528;
}

function headerTable(letter: InvitationLetter): Table {
	const parent = nfc(letter.authorityParent).toLocaleUpperCase('vi');
	const name = nfc(letter.authorityName).toLocaleUpperCase('vi');
	const number = letter.docNumber.trim();
	const symbol = letter.docSymbol.trim();
	const numberText = number ? `Số: ${number}/${symbol}` : `Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/${symbol}`;
	const dateLine = letter.issueDate
		? formatDateLine(letter.placeName, letter.issueDate)
		: formatBlankDateLine(letter.placeName, vnDateParts(letter.startsAt).year).replace(/ {2,}/g, (s) => '\u00a0'.repeat(s.length + 4));
	const motto = 'Độc lập - Tự do - Hạnh phúc';
	const left = new TableCell({
		width: { size: twip(LEFT_COL_MM), type: WidthType.DXA },
		borders: NO_BORDERS,
		children: [
			...(parent ? [centred([run(parent, { size: SIZE.authority, bold: letter.authorityParentBold !== false })])] : []),
			centred([run(name, { size: SIZE.authority, bold: true })]),
			rule(LEFT_COL_MM, Math.min(LEFT_COL_MM - 4, (widthMm(name, SIZE.authority) * 2) / 3), 10),
			centred([run(numberText, { size: SIZE.number })])
		]
	});
	const right = new TableCell({
		width: { size: twip(RIGHT_COL_MM), type: WidthType.DXA },
		borders: NO_BORDERS,
		children: [
			centred([run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: SIZE.nationalTitle, bold: true })]),
			centred([run(motto, { size: SIZE.motto, bold: true })]),
			rule(RIGHT_COL_MM, widthMm(motto, SIZE.motto) * 0.93, 10),
			centred([run(dateLine, { size: SIZE.dateLine, italics: true })])
		]
	});
	return new Table({
		rows: [new TableRow({ children: [left, right], cantSplit: true })],
		width: { size: twip(CONTENT_MM), type: WidthType.DXA },
		columnWidths: [twip(LEFT_COL_MM), twip(RIGHT_COL_MM)],
		layout: TableLayoutType.FIXED,
		borders: NO_BORDERS
	});
}

function body(children: ParagraphChild[], o: { align?: 'justify' | 'center'; indent?: boolean; keepNext?: boolean; after?: number } = {}): Paragraph {
	return new Paragraph({
		children,
		alignment: o.align === 'center' ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
		indent: o.indent === false || o.align === 'center' ? undefined : { firstLine: twip(INDENT_MM) },
		spacing: { line: BODY_SPACING.line, after: o.after ?? BODY_SPACING.after },
		keepNext: o.keepNext
	});
}

const text = (s: string) => run(s, { size: SIZE.body });
const bold = (s: string) => run(s, { size: SIZE.body, bold: true });

/** "Trang phục: …" → a bold label and the rest (as the PDF). */
function labelled(note: string): ParagraphChild[] {
	const m = /^([^:]{1,40}):\s*(.*)$/s.exec(note.trim());
	return m ? [bold(`${m[1]}: `), text(m[2])] : [text(note)];
}

async function qrBox(letter: InvitationLetter): Promise<Table> {
	const png = await QRCode.toBuffer(letter.qrPayload ?? '', { errorCorrectionLevel: 'M', margin: 1, width: 480, type: 'png' });
	const qrMm = 32;
	const px = Math.round((qrMm / 25.4) * 96);
	const boxMm = 150;
	const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
	const textLines: Paragraph[] = [];
	if (letter.checkinCode) textLines.push(new Paragraph({ children: [run(`Mã check-in: ${letter.checkinCode}`, { size: 14, bold: true })], spacing: { after: 60 } }));
	textLines.push(new Paragraph({ children: [run('Quét mã này tại bàn đón tiếp', { size: 12, italics: true })], spacing: { after: 60 } }));
	textLines.push(new Paragraph({ children: [run(`Xác nhận tham dự: ${letter.qrPayload ?? ''}`, { size: 9.5, color: '555555' })] }));
	return new Table({
		rows: [
			new TableRow({
				cantSplit: true,
				children: [
					new TableCell({
						width: { size: twip(qrMm + 3), type: WidthType.DXA },
						borders: { top: border, bottom: border, left: border, right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } },
						verticalAlign: VerticalAlign.CENTER,
						children: [
							new Paragraph({
								children: [new ImageRun({ type: 'png', data: png, transformation: { width: px, height: px }, altText: { name: 'QR', title: 'Mã QR cá nhân', description: 'Mã QR xác nhận tham dự và check-in' } })],
								alignment: AlignmentType.CENTER
							})
						]
					}),
					new TableCell({
						width: { size: twip(boxMm - qrMm - 3), type: WidthType.DXA },
						borders: { top: border, bottom: border, right: border, left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } },
						verticalAlign: VerticalAlign.CENTER,
						margins: { left: twip(2), right: twip(2) },
						children: textLines
					})
				]
			})
		],
		width: { size: twip(boxMm), type: WidthType.DXA },
		columnWidths: [twip(qrMm + 3), twip(boxMm - qrMm - 3)],
		layout: TableLayoutType.FIXED,
		alignment: AlignmentType.CENTER
	});
}

function signatureTable(letter: InvitationLetter): Table {
	const signer = [letter.signerPrefix ?? '', letter.signerTitle].map((s) => nfc(s).trim().toLocaleUpperCase('vi')).filter(Boolean);
	const leftParas: Paragraph[] = [];
	if (letter.recipientsList.length) {
		leftParas.push(new Paragraph({ children: [run('Nơi nhận:', { size: SIZE.recipientsHead, bold: true, italics: true })], keepNext: true, keepLines: true }));
		for (const l of letter.recipientsList) leftParas.push(new Paragraph({ children: [run(l, { size: SIZE.recipients })], keepNext: true, keepLines: true }));
	} else leftParas.push(new Paragraph({ children: [] }));
	const rightParas = [
		...signer.map((s) => centred([run(s, { size: SIZE.signer, bold: true })], { keepNext: true })),
		// Space for the signature and the seal (about 26 mm).
		new Paragraph({ children: [], spacing: { before: 0, after: 0, line: twip(26), lineRule: 'exact' }, keepNext: true }),
		centred([run(letter.signerName, { size: SIZE.signer + 0.5, bold: true })])
	];
	const leftMm = CONTENT_MM - 80;
	return new Table({
		rows: [
			new TableRow({
				cantSplit: true,
				children: [
					new TableCell({ width: { size: twip(leftMm), type: WidthType.DXA }, borders: NO_BORDERS, children: leftParas }),
					new TableCell({ width: { size: twip(80), type: WidthType.DXA }, borders: NO_BORDERS, children: rightParas })
				]
			})
		],
		width: { size: twip(CONTENT_MM), type: WidthType.DXA },
		columnWidths: [twip(leftMm), twip(80)],
		layout: TableLayoutType.FIXED,
		borders: NO_BORDERS
	});
}

async function letterSection(letter: InvitationLetter): Promise<ISectionOptions> {
	const children: (Paragraph | Table)[] = [headerTable(letter)];
	children.push(centred([run(nfc(letter.title).toLocaleUpperCase('vi'), { size: SIZE.title, bold: true })], { before: twip(7), after: letter.subject?.trim() ? 0 : 200 }));
	if (letter.subject?.trim()) {
		children.push(centred([run(letter.subject.trim(), { size: SIZE.body, bold: true })], { after: 40 }));
		children.push(rule(CONTENT_MM, 30, 10));
	}
	children.push(body([text(`${nfc(letter.hostName).trim()} trân trọng kính mời:`)], { keepNext: true }));
	children.push(body([bold(recipientLine(letter.recipient))], { align: 'center' }));
	children.push(body([bold('Tới dự: '), bold(nfc(letter.eventTitle).trim())]));
	children.push(body([bold('Thời gian: '), text(`${formatEventWhen(letter.startsAt)}.`)]));
	const where = [letter.venue, letter.address].map((s) => nfc(s).trim()).filter(Boolean).join(', ');
	if (where) children.push(body([bold('Địa điểm: '), text(`${where}.`)]));
	const programme = letter.programmeSummary.map((s) => nfc(s).trim()).filter(Boolean);
	if (programme.length) {
		children.push(body([bold('Nội dung chương trình:')], { keepNext: true, after: 60 }));
		programme.forEach((item, i) => children.push(body([text(`- ${item}`)], { keepNext: i < programme.length - 1, after: i === programme.length - 1 ? BODY_SPACING.after : 20 })));
	}
	for (const note of letter.notes.map((s) => nfc(s).trim()).filter(Boolean)) children.push(body(labelled(note)));
	if (letter.qrPayload) {
		children.push(await qrBox(letter));
		children.push(new Paragraph({ children: [], spacing: { after: 120 } }));
	}
	children.push(body([text(nfc(letter.closing?.trim() || defaultClosing(letter.recipient)))], { keepNext: true }));
	children.push(signatureTable(letter));
	return {
		properties: {
			titlePage: true,
			page: {
				size: { width: twip(210), height: twip(297) },
				pageNumbers: { start: 1 },
				margin: { top: twip(MARGIN.top), bottom: twip(MARGIN.bottom), left: twip(MARGIN.left), right: twip(MARGIN.right), header: twip(10), footer: twip(10) }
			}
		},
		headers: {
			first: new Header({ children: [new Paragraph({ children: [] })] }),
			default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: half(13) })] })] })
		},
		children
	};
}

/** One .docx with every letter, each in its own section (a new page, page numbers restarting). */
export async function renderInvitationsDocx(letters: InvitationLetter[]): Promise<Uint8Array> {
	const sections = await Promise.all(letters.map(letterSection));
	const first = letters[0];
	const doc = new Document({
		creator: 'Hội Nghị',
		title: letters.length === 1 && first ? `${nfc(first.title)} – ${recipientLine(first.recipient)}` : 'Giấy mời',
		subject: first ? nfc(first.eventTitle) : undefined,
		styles: { default: { document: { run: { font: FONT, size: half(SIZE.body) } } } },
		sections: sections.length ? sections : [{ children: [new Paragraph({ children: [] })] }]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}
