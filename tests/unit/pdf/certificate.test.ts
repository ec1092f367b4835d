import { describe, it, expect } from 'vitest';
import {
	CERTIFICATE_FIELDS,
	checkCertificateFit,
	defaultCertificateLayout,
	renderCalibrationPage,
	renderCertificates,
	type CertificateField,
	type CertificateLayout
} from '$lib/server/pdf/certificate';
import {
	DIACRITICS,
	decodeQr,
	hasCombiningMarks,
	hasPoppler,
	mmToPt,
	pageCount,
	pdfLines,
	pdfText,
	ptToMm,
	squeeze,
	type BboxLine
} from './poppler';
import { LONG_ACHIEVEMENT, LONG_UNIT, sampleCertificate } from './samples';

/** A layout that prints only the given fields (to measure them alone). */
function only(layout: CertificateLayout, keep: CertificateField[]): CertificateLayout {
	const fields = { ...layout.fields };
	for (const f of CERTIFICATE_FIELDS) fields[f] = { ...fields[f], enabled: keep.includes(f) };
	return { ...layout, fields };
}

/** Union of the line boxes, in mm from the sheet's top-left corner. */
function extent(lines: BboxLine[]) {
	return {
		x0: ptToMm(Math.min(...lines.map((l) => l.xMin))),
		y0: ptToMm(Math.min(...lines.map((l) => l.yMin))),
		x1: ptToMm(Math.max(...lines.map((l) => l.xMax))),
		y1: ptToMm(Math.max(...lines.map((l) => l.yMax)))
	};
}

describe('defaultCertificateLayout', () => {
	it('scales A3 to A4 and leaves the pre-printed fields out in overprint mode', () => {
		const a3 = defaultCertificateLayout('A3', 'full');
		const a4 = defaultCertificateLayout('A4', 'overprint');
		expect(a4.fields.achievement.width).toBeCloseTo((a3.fields.achievement.width * 297) / 420, 0);
		expect(CERTIFICATE_FIELDS.every((f) => a3.fields[f].enabled)).toBe(true);
		expect(a4.fields.authority.enabled).toBe(false);
		expect(a4.fields.title.enabled).toBe(false);
		expect(a4.fields.recipient.enabled).toBe(true);
		for (const paper of ['A3', 'A4'] as const) {
			const [w, h] = paper === 'A3' ? [420, 297] : [297, 210];
			for (const f of Object.values(defaultCertificateLayout(paper, 'full').fields)) {
				expect(f.x + f.width).toBeLessThanOrEqual(w);
				expect(f.y + f.height).toBeLessThanOrEqual(h);
			}
		}
	});
});

describe.skipIf(!hasPoppler)('renderCertificates', () => {
	it('prints one page per certificate, in order, for each kind and paper', async () => {
		const items = [
			sampleCertificate(),
			sampleCertificate({
				recipientKind: 'collective',
				recipientLine: 'Ủy ban nhân dân xã Phước Bình',
				recipientDetail: 'Huyện Bác Ái, tỉnh Ninh Thuận'
			}),
			sampleCertificate({
				recipientKind: 'household',
				recipientLine: 'Gia đình ông Đặng Quốc Việt',
				recipientDetail: 'Thôn Suối Khô, xã Phước Bình, huyện Bác Ái',
				issueDate: null,
				signerPrefix: 'CHỦ TỊCH',
				signerTitle: ''
			})
		];
		for (const paper of ['A3', 'A4'] as const) {
			const bytes = await renderCertificates(items, defaultCertificateLayout(paper, 'full'));
			expect(pageCount(bytes)).toBe(3);
			const pages = squeeze(pdfText(bytes, 'layout')).split('\f');
			expect(pages[0]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
			expect(pages[0]).toContain('Độc lập - Tự do - Hạnh phúc');
			expect(pages[0]).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH THUẬN');
			expect(pages[0]).toContain('TẶNG');
			expect(pages[0]).toContain('BẰNG KHEN');
			expect(pages[0]).toContain('Bà Nguyễn Thị Ánh Tuyết');
			expect(pages[0]).toContain('Quyết định số 1234/QĐ-UBND ngày 28 tháng 3 năm 2024');
			expect(pages[0]).toContain('Số sổ vàng: 2024/0157');
			expect(pages[0]).toContain('Ninh Thuận, ngày 28 tháng 3 năm 2024');
			expect(pages[0]).toContain('PHÓ CHỦ TỊCH');
			expect(pages[0]).toContain('Huỳnh Thị Phượng');
			expect(pages[0]).toContain('BK-7Q2K-9PLM');
			expect(pages[1]).toContain('Ủy ban nhân dân xã Phước Bình');
			expect(pages[2]).toContain('Gia đình ông Đặng Quốc Việt');
			expect(pages[2]).toContain('Ninh Thuận, ngày tháng năm 2024');
			const raw = squeeze(pdfText(bytes, 'raw').replace(/\n/g, ' '));
			expect(raw).toContain(sampleCertificate().achievement);
		}
	});

	it('prints a verification QR that decodes, on A3 and on A4', async () => {
		const item = sampleCertificate();
		for (const paper of ['A3', 'A4'] as const) {
			const layout = defaultCertificateLayout(paper, 'full');
			const bytes = await renderCertificates([item], layout);
			const v = layout.fields.verification;
			const area = { x: v.x - 5, y: v.y - 5, width: v.width + 10, height: v.height + 10 };
			expect(decodeQr(bytes, 1, 200, area)).toBe(item.verification?.url);
		}
	});

	it('keeps every diacritic and turns NFD input into NFC text', async () => {
		const bytes = await renderCertificates(
			[sampleCertificate({ recipientLine: `Bà ${DIACRITICS}`.normalize('NFD') })],
			defaultCertificateLayout('A3', 'full')
		);
		const text = pdfText(bytes, 'raw');
		expect(hasCombiningMarks(text)).toBe(false);
		expect(text).toContain(`Bà ${DIACRITICS}`);
	});

	it('puts overprinted fields at their boxes plus the printer offset (within 1 mm)', async () => {
		const base = defaultCertificateLayout('A3', 'overprint');
		const layout: CertificateLayout = {
			...base,
			offsetX: 3.5,
			offsetY: -2,
			fields: {
				...base.fields,
				register: { ...base.fields.register, x: 60, y: 240, align: 'left' },
				decision: { ...base.fields.decision, align: 'right' }
			}
		};
		const bytes = await renderCertificates(
			[sampleCertificate({ verification: undefined })],
			layout
		);
		const lines = pdfLines(bytes);
		const text = lines.map((l) => l.text).join('\n');
		// Nothing pre-printed on a phôi is drawn.
		expect(text).not.toContain('BẰNG KHEN');
		expect(text).not.toContain('CỘNG HÒA');
		expect(text).not.toContain('TẶNG');
		const find = (s: string) => {
			const l = lines.find((x) => x.text.includes(s));
			if (!l) throw new Error(`"${s}" not found in:\n${text}`);
			return l;
		};
		const { offsetX: ox, offsetY: oy } = layout;

		const reg = extent([find('Số sổ vàng: 2024/0157')]);
		expect(Math.abs(reg.x0 - (60 + ox))).toBeLessThan(1);
		const regBox = layout.fields.register;
		// A single line is centred vertically in its box.
		expect(Math.abs((reg.y0 + reg.y1) / 2 - (regBox.y + regBox.height / 2 + oy))).toBeLessThan(1);

		const rec = extent([find('Bà Nguyễn Thị Ánh Tuyết')]);
		const recBox = layout.fields.recipient;
		expect(Math.abs((rec.x0 + rec.x1) / 2 - (recBox.x + recBox.width / 2 + ox))).toBeLessThan(1);
		expect(rec.y0).toBeGreaterThanOrEqual(recBox.y + oy - 0.1);
		expect(rec.y1).toBeLessThanOrEqual(recBox.y + recBox.height + oy + 0.1);

		const dec = extent(
			lines.filter((l) => l.text.includes('Quyết định') || l.text.includes('QĐ-UBND'))
		);
		const decBox = layout.fields.decision;
		expect(Math.abs(dec.x1 - (decBox.x + decBox.width + ox))).toBeLessThan(1);

		const date = extent([find('Ninh Thuận, ngày 28 tháng 3 năm 2024')]);
		const dateBox = layout.fields.dateLine;
		expect(Math.abs((date.x0 + date.x1) / 2 - (dateBox.x + dateBox.width / 2 + ox))).toBeLessThan(
			1
		);

		// The signer's name sits on the bottom edge of its box, the prefix on the top edge.
		const signBox = layout.fields.signer;
		const prefix = extent([find('KT. CHỦ TỊCH')]);
		const name = extent([find('Huỳnh Thị Phượng')]);
		expect(Math.abs(prefix.y0 - (signBox.y + oy))).toBeLessThan(1);
		expect(name.y1).toBeLessThanOrEqual(signBox.y + signBox.height + oy + 0.1);
		expect(name.y1).toBeGreaterThan(signBox.y + signBox.height + oy - 3);
		// At least 35 mm between title and name for signature and seal.
		const title = extent([find('PHÓ CHỦ TỊCH')]);
		expect(name.y0 - title.y1).toBeGreaterThanOrEqual(35);
	});

	it('keeps a 90-character unit, a long name and 600 characters of thành tích in their boxes', async () => {
		expect(LONG_UNIT).toHaveLength(90);
		expect(LONG_ACHIEVEMENT).toHaveLength(600);
		const item = sampleCertificate({
			recipientLine: `Ông Tôn Nữ ${DIACRITICS} Nguyễn Đặng Quốc Việt`,
			recipientDetail: `Trưởng phòng ${LONG_UNIT}`,
			achievement: LONG_ACHIEVEMENT
		});
		for (const paper of ['A3', 'A4'] as const) {
			for (const field of ['recipient', 'detail', 'achievement'] as const) {
				const layout = {
					...only(defaultCertificateLayout(paper, 'overprint'), [field]),
					offsetX: 1,
					offsetY: 1
				};
				const bytes = await renderCertificates([item], layout);
				const lines = pdfLines(bytes);
				expect(lines.length).toBeGreaterThan(0);
				const e = extent(lines);
				const box = layout.fields[field];
				const tol = 0.3;
				expect(e.x0, `${paper} ${field} left`).toBeGreaterThanOrEqual(box.x + 1 - tol);
				expect(e.x1, `${paper} ${field} right`).toBeLessThanOrEqual(box.x + box.width + 1 + tol);
				expect(e.y0, `${paper} ${field} top`).toBeGreaterThanOrEqual(box.y + 1 - tol);
				expect(e.y1, `${paper} ${field} bottom`).toBeLessThanOrEqual(box.y + box.height + 1 + tol);
				const printed = squeeze(lines.map((l) => l.text).join(' '));
				const expected =
					field === 'recipient'
						? item.recipientLine
						: field === 'detail'
							? item.recipientDetail
							: item.achievement;
				// Nothing was cut: every word arrives.
				expect(printed.replace(/\s/g, '')).toBe(expected.replace(/\s/g, ''));
			}
			const fits = await checkCertificateFit(item, defaultCertificateLayout(paper, 'full'));
			expect(fits.filter((f) => f.truncated)).toEqual([]);
		}
	});

	it('renders 150 certificates quickly', async () => {
		const items = Array.from({ length: 150 }, (_, i) =>
			sampleCertificate({
				recipientLine: `Ông Nguyễn Văn ${i + 1}`,
				...(i % 10 === 0 ? { achievement: LONG_ACHIEVEMENT } : {})
			})
		);
		const t0 = performance.now();
		const bytes = await renderCertificates(items, defaultCertificateLayout('A3', 'full'));
		const ms = performance.now() - t0;
		expect(pageCount(bytes)).toBe(150);
		expect(ms).toBeLessThan(8000);
		expect(bytes.length).toBeLessThan(2_000_000);
	});
});

describe.skipIf(!hasPoppler)('renderCalibrationPage', () => {
	it('draws the ruler and names every box, shifted by the offsets', async () => {
		const layout = { ...defaultCertificateLayout('A3', 'overprint'), offsetX: 4, offsetY: 3 };
		const bytes = await renderCalibrationPage(layout);
		expect(pageCount(bytes)).toBe(1);
		const lines = pdfLines(bytes);
		const text = squeeze(lines.map((l) => l.text).join('\n'));
		for (const f of CERTIFICATE_FIELDS) expect(text).toContain(`(${f})`);
		expect(text).toContain('không in');
		expect(text).toContain('X = 4 mm, Y = 3 mm');
		// The label "100" of the top ruler is centred on x = 100 mm + offset.
		const label = lines.find((l) => l.text === '100' && l.yMin < mmToPt(20));
		expect(label).toBeDefined();
		expect(Math.abs(ptToMm((label!.xMin + label!.xMax) / 2) - 104)).toBeLessThan(1);
		// The recipient box label sits inside its box.
		const rec = lines.find((l) => l.text.includes('(recipient)'))!;
		expect(ptToMm(rec.xMin)).toBeGreaterThanOrEqual(layout.fields.recipient.x + 4);
		expect(ptToMm(rec.yMin)).toBeGreaterThanOrEqual(layout.fields.recipient.y + 3);
	});
});
