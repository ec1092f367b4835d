import { describe, expect, it } from 'vitest';
import { checkFileName, downloadName, inspectDocument, MAX_UPLOAD_BYTES } from '../../../src/lib/server/files/inspect';
import { asciiFileName, contentDisposition, downloadHeaders, rfc5987 } from '../../../src/lib/server/files/download';
import {
	bigBytes,
	makeDocm,
	makeDocx,
	makeEncryptedPdf,
	makeExe,
	makeGarbagePdf,
	makePdf,
	makeTruncatedPdf,
	makeXlsxLike,
	makeZipBomb
} from './fixtures';

const both = { accept: ['pdf', 'docx'] as ('pdf' | 'docx')[], maxBytes: MAX_UPLOAD_BYTES };
const codeOf = async (p: Promise<unknown>) => p.then(() => 'accepted', (e: { code: string }) => e.code);

describe('inspectDocument decides by content', () => {
	it('accepts a real PDF (counting its pages) and a real DOCX, whatever their names', async () => {
		expect(await inspectDocument(await makePdf({ pages: 4 }), { ...both, fileName: 'x.docx' })).toEqual({ kind: 'pdf', contentType: 'application/pdf', pageCount: 4 });
		expect(await inspectDocument(makeDocx(), { ...both, fileName: 'x.pdf' })).toEqual({
			kind: 'docx',
			contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			pageCount: null
		});
	});

	it('refuses every bad file with its own code', async () => {
		const ole = new Uint8Array(1024);
		ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
		const html = new TextEncoder().encode('<!DOCTYPE html><html><script>alert(1)</script></html>');
		const cases: [Uint8Array, string][] = [
			[makeExe(), 'file_not_document'],
			[new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), 'file_not_document'],
			[html, 'file_not_document'],
			[makeGarbagePdf(), 'pdf_broken'],
			[await makeTruncatedPdf(), 'pdf_broken'],
			[await makeEncryptedPdf(), 'pdf_encrypted'],
			[new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'docx_broken'],
			[makeZipBomb(120), 'docx_zip_bomb'],
			[makeXlsxLike(), 'file_not_document'],
			[makeDocm(), 'docx_macro'],
			[ole, 'doc_legacy'],
			[new Uint8Array(0), 'file_empty'],
			[bigBytes(MAX_UPLOAD_BYTES + 1), 'file_too_large']
		];
		for (const [bytes, code] of cases) expect(await codeOf(inspectDocument(bytes, both)), code).toBe(code);
	});

	it('names what a non-document is, in Vietnamese', async () => {
		await expect(inspectDocument(makeExe(), { ...both, fileName: 'baocao.pdf' })).rejects.toMatchObject({
			message: expect.stringMatching(/^Tệp “baocao\.pdf” là một chương trình chạy được \(tệp \.exe của Windows\), không phải tài liệu PDF hay Word/),
			status: 415
		});
		await expect(inspectDocument(makeXlsxLike(), both)).rejects.toMatchObject({ message: expect.stringContaining('bảng tính Excel') });
	});

	it('honours the call: accepted types and a smaller size', async () => {
		await expect(inspectDocument(makeDocx(), { accept: ['pdf'], maxBytes: MAX_UPLOAD_BYTES })).rejects.toMatchObject({
			code: 'file_type_not_accepted',
			message: expect.stringContaining('chỉ nhận PDF')
		});
		await expect(inspectDocument(bigBytes(3 * 1024 * 1024), { ...both, maxBytes: 2 * 1024 * 1024 })).rejects.toMatchObject({
			code: 'file_too_large',
			status: 413,
			message: expect.stringContaining('Tệp nặng 3,0 MB, vượt giới hạn 2,0 MB')
		});
		// The application ceiling holds even if a caller asks for more.
		await expect(inspectDocument(bigBytes(MAX_UPLOAD_BYTES + 1), { ...both, maxBytes: 100 * 1024 * 1024 })).rejects.toMatchObject({ code: 'file_too_large' });
	});
});

describe('file names', () => {
	it('refuses separators and control or bidi characters, and tidies the rest', () => {
		for (const bad of ['a/b.pdf', 'a\\b.pdf', '../x.pdf', 'a\u0000.pdf', 'a\r.pdf', 'a\u0085.pdf', 'thamluan\u202Efdp.exe', '.', '..'])
			expect(() => checkFileName(bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'file_name_invalid' }));
		expect(checkFileName('  Tham luận: “xã” <Phước Hà>?.pdf ')).toBe('Tham luận_ “xã” _Phước Hà__.pdf');
		expect(checkFileName('Tha\u0300m.pdf')).toBe('Thàm.pdf');
		expect(checkFileName('')).toBe('tham-luan');
		const long = checkFileName('a'.repeat(300) + '.docx');
		expect(long.length).toBe(150);
		expect(long.endsWith('.docx')).toBe(true);
	});

	it('downloads under the extension the content deserves', () => {
		expect(downloadName('tham-luan.pdf', 'docx')).toBe('tham-luan.docx');
		expect(downloadName('Báo cáo', 'pdf')).toBe('Báo cáo.pdf');
	});

	it('writes Content-Disposition per RFC 6266/5987 with an ASCII fallback', () => {
		expect(asciiFileName('Tham luận Đồng Nai (bản 2).pdf')).toBe('Tham luan Dong Nai _ban 2_.pdf');
		expect(rfc5987("Tham luận (bản 2)'*.pdf")).toBe('Tham%20lu%E1%BA%ADn%20%28b%E1%BA%A3n%202%29%27%2A.pdf');
		expect(contentDisposition('Đề án "mới".pdf')).toBe(`attachment; filename="De an _moi_.pdf"; filename*=UTF-8''%C4%90%E1%BB%81%20%C3%A1n%20%22m%E1%BB%9Bi%22.pdf`);
	});

	it('never serves a stored file as HTML', () => {
		const h = downloadHeaders({ contentType: 'text/html', fileName: 'x.html', size: 10 });
		expect(h.get('content-type')).toBe('application/octet-stream');
		expect(h.get('x-content-type-options')).toBe('nosniff');
		expect(h.get('content-disposition')).toMatch(/^attachment;/);
		expect(h.get('content-security-policy')).toContain('sandbox');
	});
});
