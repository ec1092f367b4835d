/**
 * Files for the tham luận tests, generated in memory: PDFs (with the app's Tinos engine, so Vietnamese text
 * is real text pdftotext can read back), minimal DOCX archives, and each kind of bad file the upload must
 * refuse.
 */
import { zipSync, strToU8 } from 'fflate';
import { degrees } from 'pdf-lib';
import { createPdf, drawText, savePdf, mm } from '../../../src/lib/server/pdf/doc';

export interface PdfSpec {
	pages?: number;
	/** Printed large on each page, followed by " — trang i/n". */
	label?: string;
	/** Page rotation (viewer turns the page). */
	rotate?: 0 | 90 | 180 | 270;
	size?: [number, number];
	/** Save without object streams (easier to cut and patch). */
	plain?: boolean;
}

export async function makePdf(spec: PdfSpec = {}): Promise<Uint8Array> {
	const n = spec.pages ?? 1;
	const { doc, fonts } = await createPdf({ title: spec.label ?? 'Tham luận thử' });
	for (let i = 0; i < n; i++) {
		const page = doc.addPage(spec.size ?? [mm(210), mm(297)]);
		if (spec.rotate) page.setRotation(degrees(spec.rotate));
		const { height } = page.getSize();
		drawText(page, `${spec.label ?? 'Tham luận thử'} — trang ${i + 1}/${n}`, { x: mm(25), y: height - mm(30), font: fonts.bold, size: 16 });
		drawText(page, 'Kết quả thực hiện phong trào “Vì người nghèo – Không để ai bị bỏ lại phía sau”.', {
			x: mm(25),
			y: height - mm(45),
			font: fonts.regular,
			size: 12
		});
	}
	const bytes = await savePdf(doc);
	if (!spec.plain) return bytes;
	return new Uint8Array(await doc.save({ useObjectStreams: false }));
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

function escapeXml(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A minimal Word document (one paragraph per string; a page break between pages). */
export function makeDocx(pages: string[][] = [['Tham luận bằng Word', 'Xã Phước Hà làm theo cách riêng.']]): Uint8Array {
	const body = pages
		.map((paras, i) =>
			paras.map((p) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`).join('') +
			(i < pages.length - 1 ? '<w:p><w:r><w:br w:type="page"/></w:r></w:p>' : '')
		)
		.join('');
	const doc = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr></w:body></w:document>`;
	return zipSync({
		'[Content_Types].xml': strToU8(CONTENT_TYPES),
		'_rels/.rels': strToU8(RELS),
		'word/document.xml': strToU8(doc)
	});
}

/** A .docm: Word with macros. */
export function makeDocm(): Uint8Array {
	return zipSync({
		'[Content_Types].xml': strToU8(CONTENT_TYPES.replace('wordprocessingml.document.main+xml', 'ms-word.document.macroEnabled.main+xml')),
		'_rels/.rels': strToU8(RELS),
		'word/document.xml': strToU8('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'),
		'word/vbaProject.bin': new Uint8Array(64)
	});
}

/** A DOCX-shaped zip whose document.xml inflates to `mb` megabytes of zeros (a zip bomb). */
export function makeZipBomb(mb = 120): Uint8Array {
	return zipSync(
		{
			'[Content_Types].xml': strToU8(CONTENT_TYPES),
			'_rels/.rels': strToU8(RELS),
			'word/document.xml': new Uint8Array(mb * 1024 * 1024)
		},
		{ level: 9 }
	);
}

/** A zip that is not a Word document (an .xlsx-like archive). */
export function makeXlsxLike(): Uint8Array {
	return zipSync({ '[Content_Types].xml': strToU8(CONTENT_TYPES), 'xl/workbook.xml': strToU8('<workbook/>') });
}

/** A Windows executable header (MZ…PE) — what a renamed .exe looks like. */
export function makeExe(): Uint8Array {
	const b = new Uint8Array(4096);
	b.set([0x4d, 0x5a, 0x90, 0x00], 0);
	b.set(new TextEncoder().encode('This program cannot be run in DOS mode.'), 0x4e);
	b.set([0x50, 0x45, 0x00, 0x00], 0x80);
	return b;
}

/** A PDF cut short (the second half missing). */
export async function makeTruncatedPdf(): Promise<Uint8Array> {
	const full = await makePdf({ pages: 3, plain: true });
	return full.slice(0, Math.floor(full.length * 0.6));
}

/** A PDF with an /Encrypt dictionary in its trailer (pdf-lib refuses it as encrypted). */
export async function makeEncryptedPdf(): Promise<Uint8Array> {
	const plain = Buffer.from(await makePdf({ plain: true }));
	const s = plain.toString('latin1');
	const root = /\/Root (\d+ \d+ R)/.exec(s)![1];
	const add = `\n99 0 obj\n<< /Filter /Standard /V 2 /R 3 /Length 128 /O <00> /U <00> /P -3904 >>\nendobj\nxref\n0 0\ntrailer\n<< /Size 100 /Root ${root} /Encrypt 99 0 R /ID [<01><01>] >>\nstartxref\n${plain.length}\n%%EOF\n`;
	return new Uint8Array(Buffer.concat([plain, Buffer.from(add, 'latin1')]));
}

/** "%PDF-" followed by nonsense. */
export function makeGarbagePdf(): Uint8Array {
	return new TextEncoder().encode('%PDF-1.7\nđây không phải là PDF thật\n%%EOF\n');
}

/** Bytes of a given size that start like a PDF (for size limits: refused before parsing). */
export function bigBytes(size: number): Uint8Array {
	const b = new Uint8Array(size);
	b.set(new TextEncoder().encode('%PDF-1.7\n'), 0);
	return b;
}
