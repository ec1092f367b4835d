import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newEventWorld, newMember } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import { addPeople, checkIn, formId, importFixture } from '../unit/awards/world';
import { DIACRITICS, decodeQr, hasCombiningMarks, hasPoppler, pageCount, pdfLines, pdfText, ptToMm, squeeze, type BboxLine } from '../unit/pdf/poppler';
import { addAward, ceremonyAwards, createDecision, getDecision } from '../../src/lib/server/awards/service';
import { parseAwardInput } from '../../src/lib/server/awards/schema';
import {
	assignRegisterNumbers,
	certificateFitWarnings,
	certificateSettings,
	renderAttendanceCertificates,
	renderAwardCertificates,
	renderEventCalibration,
	saveCertificateSettings,
	verifyCertificate
} from '../../src/lib/server/certificates/service';

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

function extent(lines: BboxLine[]) {
	return {
		x0: ptToMm(Math.min(...lines.map((l) => l.xMin))),
		y0: ptToMm(Math.min(...lines.map((l) => l.yMin))),
		x1: ptToMm(Math.max(...lines.map((l) => l.xMax))),
		y1: ptToMm(Math.max(...lines.map((l) => l.yMax)))
	};
}

// Every vowel with every tone, both cases, đ/Đ, ă â ê ô ơ ư: the names a province prints.
const NAMES = [
	'Huỳnh Thị Phượng',
	'Đặng Quốc Việt',
	'Nguyễn Thị Ánh Tuyết',
	'Tôn Nữ Hoài Thương',
	'Lê Ngọc Ẩn Ưng Ỹ Ửu',
	`Bà ${DIACRITICS}`.replace(/^Bà /, ''),
	'Àà Ảả Ãã Áá Ạạ Ằằ Ẳẳ Ẵẵ Ắắ Ặặ Ầầ Ẩẩ Ẫẫ Ấấ Ậậ',
	'Èè Ẻẻ Ẽẽ Éé Ẹẹ Ềề Ểể Ễễ Ếế Ệệ Ìì Ỉỉ Ĩĩ Íí Ịị',
	'Òò Ỏỏ Õõ Óó Ọọ Ồồ Ổổ Ỗỗ Ốố Ộộ Ờờ Ởở Ỡỡ Ớớ Ợợ',
	'Ùù Ủủ Ũũ Úú Ụụ Ừừ Ửử Ữữ Ứứ Ựự Ỳỳ Ỷỷ Ỹỹ Ýý Ỵỵ Đđ'
];

describe.skipIf(!hasPoppler)('certificates from recorded awards', () => {
	it('prints every name with every diacritic exactly as the NFC input, even when typed decomposed', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		const dec = await createDecision(d.db, admin, eventId, { number: '45/QĐ-UBND', decisionDate: '2025-08-19', formId: await formId(d.db, 'bk_tinh'), signerPrefix: 'KT. CHỦ TỊCH', signerTitle: 'PHÓ CHỦ TỊCH', signerName: 'Trịnh Minh Hoàng' });
		for (const name of NAMES) {
			// what a form or the API receives, decomposed (macOS, some Excel files)
			const input = parseAwardInput({ kind: 'individual', name: `Bà ${name}`.normalize('NFD'), position: 'Chủ tịch Hội Liên hiệp Phụ nữ xã'.normalize('NFD'), unit: 'xã Phước Hà', achievement: 'Đã có thành tích xuất sắc trong Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau”'.normalize('NFD') });
			await addAward(d.db, admin, eventId, dec, input);
		}
		const { bytes, count } = await renderAwardCertificates(d.db, admin, eventId, { decisionId: dec });
		expect(count).toBe(NAMES.length);
		expect(pageCount(bytes)).toBe(NAMES.length);
		const pages = pdfText(bytes, 'raw').split('\f');
		for (const [i, name] of NAMES.entries()) {
			const text = pages[i];
			expect(hasCombiningMarks(text)).toBe(false);
			const lines = text.split('\n').map((l) => l.trim());
			expect(lines).toContain(`Bà ${name}`.normalize('NFC'));
			expect(lines).toContain('Chủ tịch Hội Liên hiệp Phụ nữ xã, xã Phước Hà');
			expect(squeeze(text.replace(/\n/g, ' '))).toContain('Đã có thành tích xuất sắc trong Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau”');
			expect(text).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH THUẬN');
			expect(text).toContain('Quyết định số 45/QĐ-UBND ngày 19 tháng 8 năm 2025');
			expect(text).toContain(`Số vào sổ: ${String(i + 1).padStart(3, '0')}`);
			expect(text).toContain('Ninh Thuận, ngày 19 tháng 8 năm 2025');
			expect(text).toContain('Trịnh Minh Hoàng');
		}
	});

	it('numbers the register in ceremony order per decision, keeps numbers, and renumbers on request', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		const decisionId = await importFixture(d.db, admin, eventId);
		await saveCertificateSettings(d.db, admin, eventId, { options: { registerPrefix: 'BK-2024/' } });
		expect(await assignRegisterNumbers(d.db, admin, eventId)).toBe(30);
		let awards = await ceremonyAwards(d.db, eventId);
		expect(awards.map((a) => a.registerSeq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
		expect(awards[0].registerNumber).toBe('BK-2024/001');
		expect(awards[29]).toMatchObject({ kind: 'household', registerNumber: 'BK-2024/030' });
		// a late collective goes into the ceremony among the collectives but gets the next free number
		await addAward(d.db, admin, eventId, decisionId, { kind: 'collective', name: 'Hội Cựu chiến binh xã Phước Hà', salutation: null, householdHead: null, position: '', unit: '', achievement: '', notes: '' });
		expect(await assignRegisterNumbers(d.db, admin, eventId)).toBe(1);
		awards = await ceremonyAwards(d.db, eventId);
		expect(awards[12]).toMatchObject({ name: 'Hội Cựu chiến binh xã Phước Hà', registerSeq: 31 });
		expect(await assignRegisterNumbers(d.db, admin, eventId, { renumber: true })).toBe(31);
		awards = await ceremonyAwards(d.db, eventId);
		expect(awards[12].registerSeq).toBe(13);
		expect(awards[13]).toMatchObject({ name: 'Thông Thị Thu Diệu', registerNumber: 'BK-2024/014' });

		const all = await renderAwardCertificates(d.db, admin, eventId);
		expect(all.count).toBe(31);
		const pages = pdfText(all.bytes, 'raw').split('\f');
		expect(pages[0]).toContain('Phòng Lao động - Thương binh và Xã hội huyện Bác Ái');
		expect(pages[13]).toContain('Thông Thị Thu Diệu');
		expect(pages[30]).toContain('Hộ ông Thông Văn Toàn');
		expect(pages[30]).toContain('Thôn Phước Lợi, xã phước thuận');
		const one = await renderAwardCertificates(d.db, admin, eventId, { awardId: awards[13].id });
		expect(pageCount(one.bytes)).toBe(1);
		await expect(renderAwardCertificates(d.db, admin, eventId, { awardId: 999999 })).rejects.toMatchObject({ code: 'not_found' });
		const viewer = await newMember(d.db, (await d.db.selectFrom('event').select('organisation_id').where('id', '=', eventId).executeTakeFirstOrThrow()).organisation_id, 'viewer');
		await expect(renderAwardCertificates(d.db, viewer, eventId)).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('carries a verification QR that opens the public confirmation', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		const decisionId = await importFixture(d.db, admin, eventId);
		const detail = await getDecision(d.db, admin, eventId, decisionId);
		const a = detail.awards[13];
		const { bytes } = await renderAwardCertificates(d.db, admin, eventId, { awardId: a.id });
		const { layout } = await certificateSettings(d.db, eventId);
		const v = layout.fields.verification;
		const url = decodeQr(bytes, 1, 200, { x: v.x - 5, y: v.y - 5, width: v.width + 10, height: v.height + 10 });
		expect(url).toBe(`${process.env.PUBLIC_URL || 'http://localhost:3000'}/v/${a.verificationCode}`);
		expect(pdfText(bytes, 'raw')).toContain(a.verificationCode);
		const found = await verifyCertificate(d.db, a.verificationCode.toLowerCase().replace(/-/g, ''));
		expect(found).toMatchObject({ recipient: 'Võ Minh Hùng', kindLabel: 'Cá nhân', formName: 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh', decisionNumber: '512/QĐ-UBND', decisionDate: '2024-04-10' });
		expect(found).not.toHaveProperty('amount');
		expect(await verifyCertificate(d.db, 'AAAA-AAAA-AA')).toBeNull();
		expect(await verifyCertificate(d.db, 'nonsense')).toBeNull();
		await saveCertificateSettings(d.db, admin, eventId, { options: { verification: false } });
		const plain = await renderAwardCertificates(d.db, admin, eventId, { awardId: a.id });
		expect(pdfText(plain.bytes, 'raw')).not.toContain(a.verificationCode);
	});

	it('puts overprinted fields where the saved boxes and calibration offsets say, on A3 and A4', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		const dec = await createDecision(d.db, admin, eventId, { number: '46/QĐ-UBND', decisionDate: '2025-08-19', formId: await formId(d.db, 'bk_tinh'), signerName: 'Trịnh Minh Hoàng' });
		const awardId = await addAward(d.db, admin, eventId, dec, { kind: 'individual', name: 'Đặng Quốc Việt', salutation: 'Ông', householdHead: null, position: 'Trưởng thôn', unit: 'xã Phước Hà', achievement: '', notes: '' });
		for (const paper of ['A3', 'A4'] as const) {
			const centres: Record<string, { x: number; y: number }> = {};
			for (const [ox, oy] of [[0, 0], [4.5, -3]] as const) {
				await saveCertificateSettings(d.db, admin, eventId, { layout: { paper, mode: 'overprint' }, reset: true });
				await saveCertificateSettings(d.db, admin, eventId, { layout: { offsetX: ox, offsetY: oy, fields: { register: { x: 50, y: paper === 'A3' ? 240 : 170, align: 'left' } } } });
				const { layout } = await certificateSettings(d.db, eventId);
				expect(layout).toMatchObject({ paper, mode: 'overprint', offsetX: ox, offsetY: oy });
				const { bytes } = await renderAwardCertificates(d.db, admin, eventId, { awardId });
				const lines = pdfLines(bytes);
				const text = lines.map((l) => l.text).join('\n');
				expect(text).not.toContain('BẰNG KHEN');
				expect(text).not.toContain('CHỦ TỊCH ỦY BAN');
				const rec = extent(lines.filter((l) => l.text === 'Ông Đặng Quốc Việt'));
				const box = layout.fields.recipient;
				expect(Math.abs((rec.x0 + rec.x1) / 2 - (box.x + box.width / 2 + ox))).toBeLessThan(1);
				expect(rec.y0).toBeGreaterThanOrEqual(box.y + oy - 0.1);
				expect(rec.y1).toBeLessThanOrEqual(box.y + box.height + oy + 0.1);
				const reg = extent(lines.filter((l) => l.text.startsWith('Số vào sổ')));
				expect(Math.abs(reg.x0 - (50 + ox))).toBeLessThan(0.5);
				centres[`${ox}`] = { x: (rec.x0 + rec.x1) / 2, y: (rec.y0 + rec.y1) / 2 };
			}
			// the whole print moved by exactly the offset
			expect(centres['4.5'].x - centres['0'].x).toBeCloseTo(4.5, 1);
			expect(centres['4.5'].y - centres['0'].y).toBeCloseTo(-3, 1);

			const cal = await renderEventCalibration(d.db, admin, eventId);
			const calText = squeeze(pdfLines(cal).map((l) => l.text).join('\n'));
			expect(calText).toContain(`khổ ${paper} ngang`);
			expect(calText).toContain('X = 4,5 mm, Y = -3 mm');
			expect(calText).toContain('(recipient)');
		}
	});

	it('warns before printing when a field had to shrink or was cut', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		const dec = await createDecision(d.db, admin, eventId, { number: '47/QĐ-UBND', decisionDate: '2025-08-19', formId: await formId(d.db, 'bk_tinh') });
		await addAward(d.db, admin, eventId, dec, { kind: 'individual', name: 'Nguyễn Văn Ngắn', salutation: 'Ông', householdHead: null, position: '', unit: '', achievement: '', notes: '' });
		const long = await addAward(d.db, admin, eventId, dec, {
			kind: 'collective',
			name: 'Ban Chỉ đạo thực hiện các Chương trình mục tiêu quốc gia giảm nghèo bền vững, xây dựng nông thôn mới và phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi xã Phước Hà',
			salutation: null,
			householdHead: null,
			position: '',
			unit: '',
			achievement: 'Đã có thành tích xuất sắc '.repeat(90),
			notes: ''
		});
		const warnings = await certificateFitWarnings(d.db, admin, eventId);
		expect(warnings.map((w) => w.awardId)).toEqual([long]);
		expect(warnings[0].fields.map((f) => f.field)).toEqual(expect.arrayContaining(['achievement']));
	});

	it('prints a Giấy chứng nhận for present delegates when the organiser wants one', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		const [a, b] = await addPeople(d.db, eventId, 2, [
			{ name: 'Lê Văn Tùng', position: 'Chủ tịch', unit: 'UBND huyện Bác Ái', salutation: 'Ông' },
			{ name: 'Phạm Thị Lụa', position: 'Phó Chủ tịch', unit: 'UBND huyện Ninh Sơn', salutation: 'Bà' }
		]);
		await expect(renderAttendanceCertificates(d.db, admin, eventId)).rejects.toMatchObject({ code: 'attendance_disabled' });
		await saveCertificateSettings(d.db, admin, eventId, { options: { attendanceEnabled: true } });
		expect((await renderAttendanceCertificates(d.db, admin, eventId)).count).toBe(2);
		await checkIn(d.db, eventId, b);
		const { bytes, count } = await renderAttendanceCertificates(d.db, admin, eventId);
		expect(count).toBe(1);
		const text = squeeze(pdfText(bytes, 'raw').replace(/\n/g, ' '));
		expect(text).toContain('GIẤY CHỨNG NHẬN');
		expect(text).toContain('Bà Phạm Thị Lụa');
		expect(text).toContain('Đã tham dự Hội nghị sơ kết');
		expect(text).not.toContain('Lê Văn Tùng');
		void a;
	});
});
