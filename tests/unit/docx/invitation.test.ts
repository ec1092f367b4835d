/**
 * The giấy mời as .docx: the Word XML says A4, the NĐ 30 margins, Times New Roman, no page number on the first
 * page; the text is the letter's, in NFC; the QR picture is the delegate's link. When LibreOffice is installed,
 * the document is converted to PDF and read back: one page, every line of the letter, and the QR decodes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { renderInvitationsDocx } from '$lib/server/docx/invitation';
import { decodeQr, hasPoppler, pageCount, pdfText, squeeze } from '../pdf/poppler';
import { EVENT_TITLE, sampleLetter } from '../pdf/samples';
import { toolPresent } from '../../helpers/tools';

const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/local/bin/soffice'].find((p) => fs.existsSync(p)) ?? null;
toolPresent('LibreOffice (soffice)', !!soffice);

function parts(bytes: Uint8Array): Record<string, string> {
	const files = unzipSync(bytes);
	return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, k.endsWith('.xml') || k.endsWith('.rels') ? strFromU8(v) : `<${v.length} bytes>`]));
}

/** The document's text, run by run joined per paragraph. */
function paragraphs(xml: string): string[] {
	return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')).filter(Boolean);
}

function toPdf(docx: Uint8Array): Uint8Array {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-docx-'));
	try {
		fs.writeFileSync(path.join(dir, 'giay-moi.docx'), docx);
		execFileSync(soffice!, ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'giay-moi.docx')], { timeout: 120_000, stdio: 'ignore' });
		const pdf = new Uint8Array(fs.readFileSync(path.join(dir, 'giay-moi.pdf')));
		if (process.env.DOCX_KEEP_DIR) {
			fs.mkdirSync(process.env.DOCX_KEEP_DIR, { recursive: true });
			fs.writeFileSync(path.join(process.env.DOCX_KEEP_DIR, 'giay-moi.docx'), docx);
			fs.writeFileSync(path.join(process.env.DOCX_KEEP_DIR, 'giay-moi.pdf'), pdf);
		}
		return pdf;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

describe('renderInvitationsDocx', () => {
	it('writes an A4 Word document with the NĐ 30 margins, Times New Roman and page numbers from page 2', async () => {
		const p = parts(await renderInvitationsDocx([sampleLetter()]));
		const doc = p['word/document.xml'];
		expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
		// 20 mm top and bottom, 30 mm left, 15 mm right (in twentieths of a point).
		expect(doc).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
		expect(doc).toContain('<w:titlePg');
		expect(p['word/styles.xml']).toContain('w:ascii="Times New Roman"');
		const headers = Object.keys(p).filter((k) => /^word\/header\d+\.xml$/.test(k)).map((k) => p[k]);
		expect(headers.some((h) => h.includes('PAGE'))).toBe(true);
		expect(Object.keys(p).some((k) => /^word\/media\/.+\.png$/.test(k))).toBe(true);
	});

	it('carries every line of the letter in NFC, in order', async () => {
		const letter = sampleLetter({ recipient: { ...sampleLetter().recipient, name: 'Nguye\u0302\u0303n Thị Ánh Tuyết' } });
		const doc = parts(await renderInvitationsDocx([letter]))['word/document.xml'];
		expect(doc.normalize('NFC')).toBe(doc);
		const text = paragraphs(doc);
		const expected = [
			'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
			'Độc lập - Tự do - Hạnh phúc',
			'GIẤY MỜI',
			`${letter.hostName} trân trọng kính mời:`,
			'Bà Nguyễn Thị Ánh Tuyết – Giám đốc Sở Tài chính',
			`Tới dự: ${EVENT_TITLE}`,
			`Mã check-in: ${letter.checkinCode}`,
			'Nơi nhận:',
			letter.signerName
		];
		let at = -1;
		for (const line of expected) {
			const i = text.findIndex((t, k) => k > at && t.includes(line));
			expect(i, line).toBeGreaterThan(at);
			at = i;
		}
	});

	it('puts several letters in one document, one section each', async () => {
		const doc = parts(await renderInvitationsDocx([sampleLetter(), sampleLetter(), sampleLetter()]))['word/document.xml'];
		expect(doc.match(/<w:sectPr/g)).toHaveLength(3);
		expect(paragraphs(doc).filter((t) => t === 'GIẤY MỜI')).toHaveLength(3);
	});

	it.runIf(!!soffice && hasPoppler)('opens in LibreOffice as one page with the letter and a QR that reads back', async () => {
		const letter = sampleLetter();
		const pdf = toPdf(await renderInvitationsDocx([letter]));
		expect(pageCount(pdf)).toBe(1);
		const text = squeeze(pdfText(pdf));
		for (const line of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'GIẤY MỜI', 'Bà Nguyễn Thị Ánh Tuyết – Giám đốc Sở Tài chính', letter.signerName]) expect(text).toContain(line);
		expect(decodeQr(pdf, 1, 200)).toBe(letter.qrPayload);
	}, 180_000);
});
