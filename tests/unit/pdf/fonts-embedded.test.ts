/**
 * Every PDF the organisers print carries its own fonts: Tinos, embedded (pdf-lib subsets it and names the
 * subset "Tinos-Bold-5290" rather than with the "ABCDEF+" tag pdffonts looks for) with a ToUnicode map. A
 * font left out would be replaced by whatever the printer or viewer has, and Vietnamese letters could print
 * as boxes or without their marks; without ToUnicode, copying or searching the text would give garbage.
 */
import { describe, expect, it } from 'vitest';
import { defaultCertificateLayout, renderCertificates } from '$lib/server/pdf/certificate';
import { renderInvitations } from '$lib/server/pdf/invitation';
import { renderNameCards } from '$lib/server/pdf/name-card';
import { renderTablePdf } from '$lib/server/pdf/doc';
import { DIACRITICS, hasPoppler, pdfFonts, type PdfFont } from './poppler';
import { sampleCertificate, sampleLetter } from './samples';

function expectOwnFonts(fonts: PdfFont[]) {
	expect(fonts.length).toBeGreaterThan(0);
	for (const f of fonts) {
		expect(f, f.name).toMatchObject({ embedded: true, toUnicode: true });
		expect(f.name, 'phông Tinos (không phải phông của máy in)').toMatch(/^([A-Z]{6}\+)?Tinos-(Regular|Bold|Italic|BoldItalic)(-\d+)?$/);
		expect(f.type).toMatch(/TrueType|CID/);
	}
}

describe.skipIf(!hasPoppler)('fonts in the printed PDFs', () => {
	it('giấy mời', async () => {
		expectOwnFonts(pdfFonts(await renderInvitations([sampleLetter()])));
	});

	it('bằng khen', async () => {
		expectOwnFonts(pdfFonts(await renderCertificates([sampleCertificate()], defaultCertificateLayout('A3', 'full'))));
	});

	it('name cards', async () => {
		expectOwnFonts(pdfFonts(await renderNameCards([{ name: DIACRITICS, position: 'Phó Chủ tịch', unit: 'Ủy ban nhân dân tỉnh' }])));
	});

	it('lists and reports', async () => {
		const bytes = await renderTablePdf({
			title: 'DANH SÁCH ĐẠI BIỂU',
			columns: [
				{ header: 'STT', width: 1, align: 'center' },
				{ header: 'Họ và tên', width: 9 }
			],
			rows: [['1', DIACRITICS]]
		});
		expectOwnFonts(pdfFonts(bytes));
	});
});
