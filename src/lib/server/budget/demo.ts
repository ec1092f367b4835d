/**
 * The demo conference's budget: a Dự án 7 allocation for the conference and the quỹ TĐKT tỉnh for prizes,
 * the organisation's norms, a dự toán of twelve lines (some derived from the delegates, letters and awards),
 * a few thực chi entries and one reversal. Runs after delegates and awards in the demo seeders.
 */
import type { DemoContext } from '$lib/server/demo/seed';
import type { Principal } from '$lib/server/auth/access';
import { seedNormRows } from './norms';
import { createExpense, createLine, createSource, reverseExpense } from './service';
import { gatherFacts } from './inputs';
import type { LineInput } from './schema';

export async function seedBudgetDemo(ctx: DemoContext): Promise<void> {
	const { tx, eventId, organisationId } = ctx;
	const user = await tx.selectFrom('app_user').select(['id', 'email', 'full_name']).where('id', '=', ctx.userIds.finance).executeTakeFirstOrThrow();
	const finance: Principal = { user: { id: user.id, email: user.email, fullName: user.full_name, isSystemAdmin: false }, via: 'session', ip: null };
	await seedNormRows(tx, organisationId);
	const norm = async (code: string) =>
		(await tx.selectFrom('budget_norm').select('id').where('organisation_id', '=', organisationId).where('code', '=', code).executeTakeFirstOrThrow()).id;

	const facts = await gatherFacts(tx, eventId);
	// The fund's allocation covers what the awards module says the province pays, with a margin.
	const provincialPrizes = facts.awards?.find((a) => a.fund === 'province_fund')?.amount ?? 0;
	const certificates = (facts.certificates ?? 60) * 250_000;
	const fundAmount = Math.max(50_000_000, Math.ceil(((provincialPrizes + certificates) * 1.1) / 1_000_000) * 1_000_000);
	const d7 = await createSource(tx, finance, eventId, {
		name: 'Kinh phí Dự án 7 – Chương trình MTQG giảm nghèo bền vững',
		fundType: 'programme',
		decisionNo: '2845/QĐ-UBND',
		decisionDate: '2026-10-20',
		issuer: 'UBND tỉnh Khánh Hòa',
		amount: 120_000_000,
		notes: 'Giao dự toán kinh phí sự nghiệp thực hiện Dự án 7 (Tiểu dự án 1) năm 2026 cho cơ quan thường trực.'
	});
	const fund = await createSource(tx, finance, eventId, {
		name: 'Quỹ thi đua, khen thưởng tỉnh',
		fundType: 'emulation_fund',
		decisionNo: '3120/QĐ-UBND',
		decisionDate: '2026-12-01',
		issuer: 'Chủ tịch UBND tỉnh Khánh Hòa',
		amount: fundAmount,
		notes: 'Tiền thưởng kèm Bằng khen của Chủ tịch UBND tỉnh và hiện vật khen thưởng (Luật TĐKT 2022 Điều 11 khoản 4).'
	});

	const rewarded = ctx.tiers.find((t) => /khen thưởng/i.test(t.name));
	const base = (over: Partial<LineInput>): LineInput => ({
		fundingSourceId: d7,
		category: 'other',
		description: '',
		unit: '',
		quantity: 100,
		unitPrice: 0,
		normId: null,
		notes: '',
		derivedFrom: null,
		derivedParams: {},
		overReason: null,
		...over
	});
	const line = (over: Partial<LineInput>) => createLine(tx, finance, eventId, base(over), { facts });

	const hall = await line({ category: 'hall', description: 'Thuê hội trường Trung tâm Hội nghị tỉnh (01 buổi)', unit: 'hội nghị', unitPrice: 12_000_000 });
	const sound = await line({ category: 'sound_light', description: 'Âm thanh, ánh sáng, màn hình LED', unit: 'gói', unitPrice: 8_500_000 });
	const deco = await line({ category: 'decoration', description: 'Phông sân khấu, khẩu hiệu, băng rôn, hoa trang trí', unit: 'gói', unitPrice: 6_000_000 });
	await line({ category: 'printing', description: 'In giấy mời, phong bì', unit: 'bộ', unitPrice: 6_000, derivedFrom: 'letters', derivedParams: { letters: 'print' } });
	await line({ category: 'printing', description: 'In tài liệu hội nghị (báo cáo, tham luận)', unit: 'trang', quantity: 150 * 40 * 100, unitPrice: 500, derivedFrom: 'booklet' });
	const drinks = await line({
		category: 'refreshments',
		description: 'Nước uống, giải khát giữa giờ',
		unit: 'người × buổi',
		unitPrice: 45_000,
		normId: await norm('tt40.refreshments'),
		derivedFrom: 'attendance',
		overReason: 'Giá phục vụ của Trung tâm Hội nghị tỉnh; chờ Nghị quyết HĐND tỉnh (Khánh Hòa sau sắp xếp) quy định mức cụ thể'
	});
	await line({
		category: 'meals',
		description: 'Hỗ trợ tiền ăn đại biểu không hưởng lương (tập thể, cá nhân, hộ gia đình được khen thưởng)',
		unit: 'người × ngày',
		unitPrice: 150_000,
		normId: await norm('tt40.meal.province'),
		derivedFrom: 'attendance',
		derivedParams: { tierIds: rewarded ? [rewarded.id] : [] }
	});
	await line({ category: 'culture', description: 'Chương trình văn nghệ chào mừng', unit: 'chương trình', unitPrice: 10_000_000 });
	const media = await line({ category: 'media', description: 'Chụp ảnh, quay phim, đưa tin', unit: 'gói', unitPrice: 5_000_000 });
	await line({ category: 'other', description: 'Phục vụ, bảo vệ, y tế', unit: 'gói', unitPrice: 3_000_000 });
	await line({
		fundingSourceId: fund,
		category: 'certificates',
		description: 'In phôi bằng khen, khung, hoa trao thưởng',
		unit: 'bộ',
		quantity: 60 * 100,
		unitPrice: 250_000,
		derivedFrom: 'certificates'
	});
	const prizes = await line({
		fundingSourceId: fund,
		category: 'prizes',
		description: 'Tiền thưởng kèm Bằng khen của Chủ tịch UBND tỉnh',
		unit: 'theo QĐ',
		unitPrice: 0,
		derivedFrom: 'awards:province_fund'
	});

	const amountOf = async (id: number) => (await tx.selectFrom('budget_line').select('amount').where('id', '=', id).executeTakeFirstOrThrow()).amount;
	const spend = (lineId: number, spentOn: string, voucherNo: string, payee: string, description: string, amount: number) =>
		createExpense(tx, finance, eventId, { lineId, fundingSourceId: null, spentOn, payee, voucherNo, description, amount, overReason: null });

	await spend(hall, '2026-12-18', 'PC 101', 'Trung tâm Hội nghị tỉnh Khánh Hòa', 'Thanh toán hợp đồng thuê hội trường ngày 18/12/2026', 12_000_000);
	await spend(sound, '2026-12-18', 'PC 102', 'Công ty TNHH Âm thanh Ánh sáng Nha Trang', 'Thanh toán âm thanh, ánh sáng, màn hình LED', 8_200_000);
	await spend(deco, '2026-12-17', 'PC 099', 'Cơ sở quảng cáo Hoàng Phát', 'Phông sân khấu, khẩu hiệu, hoa trang trí', 5_850_000);
	// Entered with a wrong amount, reversed, entered again: how a correction looks in the books.
	const wrong = await spend(media, '2026-12-19', 'PC 106', 'Báo Khánh Hòa', 'Chụp ảnh, quay phim, đưa tin hội nghị', 4_800_000);
	await reverseExpense(tx, finance, eventId, wrong, { spentOn: '2026-12-20', voucherNo: 'PC 106/ĐC', reason: 'Ghi nhầm số tiền (hóa đơn 4.500.000 đ)' });
	await spend(media, '2026-12-19', 'PC 106', 'Báo Khánh Hòa', 'Chụp ảnh, quay phim, đưa tin hội nghị (theo hóa đơn)', 4_500_000);
	const drinksAmount = await amountOf(drinks);
	if (drinksAmount >= 1000)
		await spend(drinks, '2026-12-18', 'PC 103', 'Trung tâm Hội nghị tỉnh Khánh Hòa', 'Nước uống, giải khát giữa giờ (theo hóa đơn)', Math.floor((drinksAmount * 0.9) / 1000) * 1000);
	const prizeAmount = await amountOf(prizes);
	if (prizeAmount > 0) await spend(prizes, '2026-12-18', 'PC 105', 'Các tập thể, cá nhân được khen thưởng (theo danh sách ký nhận)', 'Chi tiền thưởng kèm Bằng khen của Chủ tịch UBND tỉnh', prizeAmount);
}
