/**
 * The demo's programme and awards: the usual programme of a tổng kết (NĐ 145/2013 order), one decision of the
 * Chủ tịch UBND tỉnh Khánh Hòa giving the Bằng khen to 30 recipients (10 tập thể, 16 cá nhân, 4 hộ gia đình,
 * generated deterministically like the Ninh Thuận fixture; prize money by NĐ 152/2025 at the decision date),
 * their delegates linked where the delegate list has them, and the stage batches. Runs after the delegates'.
 */
import type { DemoContext } from '$lib/server/demo/seed';
import type { Principal } from '$lib/server/auth/access';
import { orderedDelegates } from '$lib/server/delegates/order';
import { createProgrammeTemplate, getProgramme, updateProgrammeItem } from '$lib/server/programme/service';
import { addAward, createDecision } from './service';
import { autoLinkDelegates, generateBatches } from './batches';
import type { AwardInput } from './schema';

const COMMUNES = [
	'xã Phước Hà',
	'xã Cam Lâm',
	'xã Diên Khánh',
	'xã Khánh Vĩnh',
	'xã Ninh Phước',
	'xã Bác Ái',
	'xã Thuận Nam',
	'phường Bảo An',
	'phường Đô Vinh',
	'xã Cam Hiệp',
	'xã Khánh Sơn',
	'phường Ninh Hòa'
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Đàng', 'Pi Năng', 'Cao'];
const MIDDLE_M = ['Văn', 'Minh', 'Hữu', 'Quốc', 'Đức', 'Thanh'];
const MIDDLE_F = ['Thị', 'Thị Thu', 'Ngọc', 'Thị Kim', 'Thị Mỹ'];
const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khoa', 'Long', 'Nam', 'Phúc', 'Quang', 'Sơn', 'Tâm', 'Thắng', 'Toàn', 'Việt'];
const GIVEN_F = ['Ánh', 'Diệu', 'Hằng', 'Hạnh', 'Hương', 'Lan', 'Liên', 'Mai', 'Nga', 'Phượng', 'Thảo', 'Trinh', 'Tuyết', 'Yến'];
const POSITIONS = ['Chủ tịch Ủy ban nhân dân', 'Phó Chủ tịch Ủy ban nhân dân', 'Công chức Văn hóa - Xã hội', 'Trưởng thôn', 'Chi hội trưởng Hội Nông dân', 'Cán bộ giảm nghèo', 'Chủ tịch Hội Liên hiệp Phụ nữ'];
const COLLECTIVES = [
	(c: string) => `Ủy ban nhân dân ${c}`,
	(c: string) => `Hội Liên hiệp Phụ nữ ${c}`,
	(c: string) => `Hội Nông dân ${c}`,
	(c: string) => `Ban Công tác Mặt trận thôn Suối Cát, ${c}`,
	(c: string) => `Đoàn Thanh niên Cộng sản Hồ Chí Minh ${c}`,
	(c: string) => `Hợp tác xã Nông nghiệp ${c.replace(/^(xã|phường) /, '')}`
];
const UNITS = [
	'Phòng Chính sách xã hội, Sở Nội vụ',
	'Chi cục Phát triển nông thôn, Sở Nông nghiệp và Môi trường',
	'Ngân hàng Chính sách xã hội Chi nhánh tỉnh Khánh Hòa',
	'Công ty Cổ phần Đường Biên Hòa - Ninh Hòa'
];
const ACHIEVEMENT = 'Đã có thành tích xuất sắc trong thực hiện Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2025';
const HOUSEHOLD_ACHIEVEMENT = 'Đã có thành tích tiêu biểu tự lực vươn lên thoát nghèo bền vững giai đoạn 2021 - 2025';

export async function seedAwardsDemo(ctx: DemoContext): Promise<void> {
	const { tx, rng, eventId, userIds } = ctx;
	const u = await tx.selectFrom('app_user').select(['id', 'email', 'full_name', 'is_system_admin']).where('id', '=', userIds.organiser).executeTakeFirstOrThrow();
	const organiser: Principal = { user: { id: u.id, email: u.email, fullName: u.full_name, isSystemAdmin: u.is_system_admin }, via: 'session', ip: null };

	// Programme, with presenters from the delegate list when it has leaders.
	await createProgrammeTemplate(tx, organiser, eventId);
	const delegates = await orderedDelegates(tx, eventId);
	const leaders = delegates.filter((d) => d.tier_is_leader && d.kind === 'person' && d.full_name);
	const items = (await getProgramme(tx, organiser, eventId)).items;
	const byKind = (k: string) => items.find((i) => i.kind === k);
	const report = byKind('report');
	if (report) await updateProgrammeItem(tx, organiser, eventId, report.id, { presenterName: 'Đại diện lãnh đạo Sở Nông nghiệp và Môi trường', presenterPosition: 'Cơ quan thường trực Chương trình' });
	const directive = byKind('directive');
	if (directive && leaders[0]) await updateProgrammeItem(tx, organiser, eventId, directive.id, { presenterDelegateId: leaders[0].id });
	const art = byKind('art');
	if (art) await updateProgrammeItem(tx, organiser, eventId, art.id, { presenterName: 'Đoàn Ca múa nhạc dân tộc Khánh Hòa', notes: 'Tiết mục “Khánh Hòa – miền biển nắng vàng”' });

	// One decision of the Chủ tịch UBND tỉnh: Bằng khen, 30 recipients.
	const decisionId = await createDecision(tx, organiser, eventId, {
		number: '3125/QĐ-UBND',
		decisionDate: '2026-12-08',
		formId: (await tx.selectFrom('award_form').select('id').where('code', '=', 'bk_tinh').executeTakeFirstOrThrow()).id,
		issuer: 'Chủ tịch Ủy ban nhân dân tỉnh',
		signerPrefix: 'KT. CHỦ TỊCH',
		signerTitle: 'PHÓ CHỦ TỊCH',
		signerName: 'Trần Minh Đức',
		fund: null,
		defaultAchievement: ACHIEVEMENT
	});
	const list: AwardInput[] = [];
	const used = new Set<string>();
	for (let i = 0; list.length < 10; i++) {
		const name = i < 4 ? UNITS[i] : rng.pick(COLLECTIVES)(rng.pick(COMMUNES));
		if (used.has(name)) continue;
		used.add(name);
		list.push({ kind: 'collective', name, salutation: null, householdHead: null, position: '', unit: '', achievement: ACHIEVEMENT, notes: '' });
	}
	// Individuals: first the recipients the delegate list already invites (so check-in flags them), then made up.
	const invited = delegates.filter((d) => d.kind === 'person' && d.full_name && /khen thưởng/i.test(d.tier_name)).slice(0, 6);
	for (const d of invited) {
		list.push({ kind: 'individual', name: d.full_name, salutation: d.salutation, householdHead: null, position: d.position, unit: d.unit, achievement: ACHIEVEMENT, notes: '' });
		used.add(d.full_name);
	}
	while (list.filter((a) => a.kind === 'individual').length < 16) {
		const female = rng.chance(0.5);
		const name = `${rng.pick(FAMILY)} ${rng.pick(female ? MIDDLE_F : MIDDLE_M)} ${rng.pick(female ? GIVEN_F : GIVEN_M)}`;
		if (used.has(name)) continue;
		used.add(name);
		const commune = rng.pick(COMMUNES);
		list.push({ kind: 'individual', name, salutation: female ? 'Bà' : 'Ông', householdHead: null, position: rng.pick(POSITIONS), unit: `UBND ${commune}`, achievement: ACHIEVEMENT, notes: '' });
	}
	while (list.filter((a) => a.kind === 'household').length < 4) {
		const head = `${rng.pick(FAMILY)} ${rng.pick(MIDDLE_M)} ${rng.pick(GIVEN_M)}`;
		if (used.has(head)) continue;
		used.add(head);
		list.push({ kind: 'household', name: `Hộ ông ${head}`, salutation: 'Ông', householdHead: head, position: '', unit: `Thôn ${rng.pick(['Suối Cát', 'Ma Nới', 'Tà Lọt', 'Đá Bàn'])}, ${rng.pick(COMMUNES)}`, achievement: HOUSEHOLD_ACHIEVEMENT, notes: '' });
	}
	for (const a of list) await addAward(tx, organiser, eventId, decisionId, a);
	await autoLinkDelegates(tx, organiser, eventId);
	await generateBatches(tx, organiser, eventId, { capacity: 10 });
}
