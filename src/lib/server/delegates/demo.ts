/**
 * The demo conference's delegate list: about 150 invitations of Khánh Hòa after the 2025 merger
 * (Tỉnh ủy, HĐND, UBND, Ủy ban MTTQ, Đoàn ĐBQH, sở ngành, xã / phường / đặc khu: no huyện), by the
 * event's two-level tiers, in protocol order. A few letters go to offices (unit invitations), one of
 * which has already named its attendee; some people have no email; a few replies were taken by
 * phone; one leader sent a substitute who still needs placing; the front of the hall is seated.
 * Deterministic (ctx.rng); names are made up.
 */
import { sql } from 'kysely';
import type { DemoContext } from '$lib/server/demo/seed';
import { searchKey } from '$lib/format';
import { writeAudit, SYSTEM_ACTOR } from '$lib/server/audit';
import { insertDelegates, setTokenHashes, type NewDelegate } from './repository';
import { defaultProtocolRank, unitLetterRank } from './rank';
import { fillSeats } from './seating';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Trương', 'Bùi', 'Đặng', 'Đỗ', 'Ngô', 'Hồ', 'Dương', 'Lý', 'Đinh', 'Lâm', 'Hà', 'Cao', 'Mai', 'Tôn', 'Châu', 'Từ', 'Kiều'];
const MIDDLE_M = ['Văn', 'Minh', 'Quốc', 'Hữu', 'Đức', 'Thanh', 'Công', 'Ngọc', 'Xuân', 'Tấn', 'Hoàng', 'Trung'];
const MIDDLE_F = ['Thị', 'Thị Thu', 'Thị Kim', 'Ngọc', 'Thị Mỹ', 'Thanh', 'Thị Hồng', 'Thị Ngọc', 'Bích', 'Thu'];
const GIVEN_M = ['Hùng', 'Dũng', 'Tuấn', 'Khánh', 'Phong', 'Quang', 'Nam', 'Sơn', 'Trung', 'Hải', 'Bình', 'Long', 'Thắng', 'Vinh', 'Tâm', 'Phúc', 'Lộc', 'Đạt', 'Hiếu', 'Toàn', 'Cường', 'Nghĩa'];
const GIVEN_F = ['Hương', 'Lan', 'Hoa', 'Mai', 'Ngân', 'Thủy', 'Yến', 'Hạnh', 'Trang', 'Phượng', 'Uyên', 'Diệu', 'Nhung', 'Loan', 'Vân', 'Thảo', 'Hằng', 'Linh'];

/** Communes and wards of Khánh Hòa after 1/7/2025 (a selection). */
const COMMUNES = [
	'phường Nha Trang',
	'phường Bắc Nha Trang',
	'phường Tây Nha Trang',
	'phường Nam Nha Trang',
	'phường Cam Ranh',
	'phường Ba Ngòi',
	'phường Ninh Hòa',
	'phường Phan Rang',
	'phường Đông Hải',
	'phường Bảo An',
	'xã Cam Lâm',
	'xã Diên Khánh',
	'xã Khánh Vĩnh',
	'xã Khánh Sơn',
	'xã Vạn Ninh',
	'xã Tu Bông',
	'xã Phước Hà',
	'xã Phước Bình',
	'xã Ninh Phước',
	'xã Thuận Nam',
	'xã Cà Ná',
	'xã Bác Ái Tây',
	'xã Ninh Sơn',
	'xã Công Hải',
	'xã Suối Hiệp',
	'xã Vạn Thắng',
	'xã Đại Lãnh',
	'đặc khu Trường Sa'
];

type Spec = Omit<NewDelegate, 'event_id' | 'tier_id'> & { tier: number; female?: boolean };

export async function seedDelegatesDemo(ctx: DemoContext): Promise<void> {
	const { tx, rng, eventId, tiers } = ctx;
	const tier = (i: number) => tiers[Math.min(i, tiers.length - 1)].id;
	const used = new Set<string>();
	const name = (female: boolean): string => {
		for (;;) {
			const n = `${rng.pick(FAMILY)} ${rng.pick(female ? MIDDLE_F : MIDDLE_M)} ${rng.pick(female ? GIVEN_F : GIVEN_M)}`;
			if (!used.has(n)) {
				used.add(n);
				return n;
			}
		}
	};
	const phone = () => `09${rng.int(0, 9)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
	const email = (full: string, domain = 'khanhhoa.gov.vn') => {
		const w = searchKey(full).split(' ');
		return `${w[w.length - 1]}${w.slice(0, -1).map((x) => x[0]).join('')}${rng.int(10, 99)}@${domain}`;
	};
	const specs: Spec[] = [];
	const person = (t: number, position: string, unit: string, opts: { female?: boolean; noEmail?: boolean; domain?: string; notes?: string } = {}) => {
		const female = opts.female ?? rng.chance(0.35);
		const full = name(female);
		specs.push({
			tier: t,
			kind: 'person',
			salutation: female ? 'Bà' : 'Ông',
			full_name: full,
			position,
			unit,
			email: opts.noEmail ? null : email(full, opts.domain),
			phone: phone(),
			notes: opts.notes ?? '',
			female
		});
	};
	const unitLetter = (t: number, addressedTo: string, unit: string, places: number, mail: string | null) =>
		specs.push({ tier: t, kind: 'unit', salutation: null, full_name: '', addressed_to: addressedTo, unit, places, email: mail, phone: null });

	// Trung ương.
	person(0, 'Thứ trưởng', 'Bộ Nông nghiệp và Môi trường', { domain: 'mae.gov.vn' });
	person(0, 'Phó Chánh Văn phòng Quốc gia về giảm nghèo', 'Bộ Nông nghiệp và Môi trường', { domain: 'mae.gov.vn' });
	person(0, 'Phó Chủ tịch', 'Ủy ban Trung ương MTTQ Việt Nam', { domain: 'mattran.org.vn' });
	unitLetter(0, 'Lãnh đạo Ban Thi đua - Khen thưởng Trung ương', 'Ban Thi đua - Khen thưởng Trung ương', 1, 'vanthu@btdkt.gov.vn');

	// Cấp tỉnh: Tỉnh ủy, HĐND, UBND, Ủy ban MTTQ, Đoàn ĐBQH, Văn phòng.
	person(1, 'Bí thư Tỉnh ủy', 'Tỉnh ủy Khánh Hòa', { noEmail: true });
	person(1, 'Phó Bí thư Thường trực Tỉnh ủy', 'Tỉnh ủy Khánh Hòa');
	person(1, 'Phó Bí thư Tỉnh ủy', 'Tỉnh ủy Khánh Hòa');
	person(1, 'Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy', 'Ban Tuyên giáo và Dân vận Tỉnh ủy');
	person(1, 'Chủ tịch Hội đồng nhân dân tỉnh', 'Hội đồng nhân dân tỉnh');
	person(1, 'Phó Chủ tịch Hội đồng nhân dân tỉnh', 'Hội đồng nhân dân tỉnh');
	person(1, 'Trưởng Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh', 'Hội đồng nhân dân tỉnh');
	person(1, 'Chủ tịch Ủy ban nhân dân tỉnh', 'Ủy ban nhân dân tỉnh', { notes: 'Chủ trì Hội nghị' });
	person(1, 'Phó Chủ tịch Ủy ban nhân dân tỉnh', 'Ủy ban nhân dân tỉnh', { notes: 'Phát biểu chỉ đạo' });
	person(1, 'Phó Chủ tịch Ủy ban nhân dân tỉnh', 'Ủy ban nhân dân tỉnh');
	person(1, 'Phó Chủ tịch Ủy ban nhân dân tỉnh', 'Ủy ban nhân dân tỉnh');
	person(1, 'Chủ tịch Ủy ban MTTQ Việt Nam tỉnh', 'Ủy ban MTTQ Việt Nam tỉnh');
	person(1, 'Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh', 'Ủy ban MTTQ Việt Nam tỉnh');
	person(1, 'Phó Trưởng Đoàn chuyên trách Đoàn ĐBQH tỉnh', 'Đoàn đại biểu Quốc hội tỉnh');
	person(1, 'Chánh Văn phòng', 'Văn phòng Ủy ban nhân dân tỉnh');
	person(1, 'Phó Chánh Văn phòng', 'Văn phòng Ủy ban nhân dân tỉnh', { female: true });

	// Sở, ban, ngành, đoàn thể tỉnh.
	const departments = [
		'Sở Nông nghiệp và Môi trường',
		'Sở Nội vụ',
		'Sở Tài chính',
		'Sở Y tế',
		'Sở Giáo dục và Đào tạo',
		'Sở Dân tộc và Tôn giáo',
		'Sở Xây dựng',
		'Sở Công Thương',
		'Sở Văn hóa, Thể thao và Du lịch',
		'Sở Khoa học và Công nghệ',
		'Sở Ngoại vụ',
		'Thanh tra tỉnh',
		'Ban Quản lý Khu kinh tế Vân Phong'
	];
	for (const [i, dep] of departments.entries()) {
		person(2, 'Giám đốc', dep);
		if (i < 8) person(2, i === 0 ? 'Phó Giám đốc phụ trách giảm nghèo' : 'Phó Giám đốc', dep);
	}
	person(2, 'Trưởng phòng Giảm nghèo', 'Sở Nông nghiệp và Môi trường', { female: true });
	person(2, 'Trưởng ban', 'Ban Thi đua - Khen thưởng (Sở Nội vụ)');
	person(2, 'Giám đốc', 'Ngân hàng Chính sách xã hội chi nhánh tỉnh Khánh Hòa');
	person(2, 'Chủ tịch', 'Hội Liên hiệp Phụ nữ tỉnh', { female: true });
	person(2, 'Chủ tịch', 'Hội Nông dân tỉnh');
	person(2, 'Chủ tịch', 'Hội Cựu chiến binh tỉnh', { noEmail: true });
	person(2, 'Bí thư', 'Tỉnh đoàn Khánh Hòa');
	person(2, 'Phó Chủ tịch', 'Liên đoàn Lao động tỉnh');
	person(2, 'Phó Giám đốc', 'Công an tỉnh', { noEmail: true });
	unitLetter(2, 'Lãnh đạo Sở Tư pháp', 'Sở Tư pháp', 1, 'stp@khanhhoa.gov.vn');
	unitLetter(2, 'Lãnh đạo Bộ Chỉ huy Quân sự tỉnh', 'Bộ Chỉ huy Quân sự tỉnh', 1, null);
	unitLetter(2, 'Lãnh đạo Kho bạc Nhà nước khu vực XV', 'Kho bạc Nhà nước khu vực XV', 1, 'kbnn15@vst.gov.vn');

	// Cấp xã, phường, đặc khu: the chair (or a vice-chair) of most, the Mặt trận of some, a few by letter.
	for (const [i, c] of COMMUNES.entries()) {
		const ubnd = `UBND ${c}`;
		if (i % 7 === 3) {
			unitLetter(3, ubnd, ubnd, 2, `ubnd.${searchKey(c).replace(/\s+/g, '')}@khanhhoa.gov.vn`);
			continue;
		}
		person(3, rng.chance(0.6) ? `Chủ tịch UBND ${c}` : `Phó Chủ tịch UBND ${c}`, ubnd, { noEmail: rng.chance(0.15) });
		if (i % 2 === 0) person(3, `Chủ tịch Ủy ban MTTQ Việt Nam ${c}`, `Ủy ban MTTQ Việt Nam ${c}`, { noEmail: rng.chance(0.3) });
		if (i % 3 === 1) person(3, 'Công chức Văn hóa - Xã hội', ubnd, { noEmail: true });
	}

	// Tập thể, cá nhân, hộ gia đình được khen thưởng.
	const village = ['Trưởng thôn', 'Bí thư Chi bộ thôn', 'Chuyên viên', 'Công chức Lao động - Thương binh và Xã hội', 'Chủ hộ gia đình thoát nghèo tiêu biểu', 'Người có uy tín'];
	for (let i = 0; i < 34; i++) {
		const c = COMMUNES[(i * 5 + 2) % COMMUNES.length];
		person(4, rng.pick(village), `UBND ${c}`, { noEmail: rng.chance(0.5), domain: 'gmail.com', notes: 'Nhận Bằng khen của Chủ tịch UBND tỉnh' });
	}
	person(4, 'Giám đốc', 'Công ty TNHH Thủy sản Cam Ranh', { domain: 'gmail.com', notes: 'Nhà hảo tâm, nhận Bằng khen' });

	// Báo chí, phục vụ.
	person(5, 'Phóng viên', 'Báo và Phát thanh, Truyền hình Khánh Hòa', { domain: 'baokhanhhoa.vn' });
	person(5, 'Quay phim', 'Báo và Phát thanh, Truyền hình Khánh Hòa', { noEmail: true });
	person(5, 'Phóng viên thường trú', 'Báo Nhân Dân', { domain: 'nhandan.vn' });
	person(5, 'Phóng viên', 'Thông tấn xã Việt Nam', { domain: 'vnanet.vn' });
	person(5, 'Phóng viên', 'Đài Truyền hình Việt Nam', { domain: 'vtv.vn' });
	person(5, 'Phóng viên', 'Báo Thanh Niên', { domain: 'thanhnien.vn' });
	person(5, 'Chuyên viên', 'Văn phòng Ủy ban nhân dân tỉnh', { female: true });
	person(5, 'Nhân viên', 'Trung tâm Hội nghị tỉnh', { noEmail: true });

	const rows: NewDelegate[] = specs.map(({ tier: t, female: _f, ...s }, i) => {
		void _f;
		return {
			...s,
			event_id: eventId,
			tier_id: tier(t),
			protocol_rank:
				s.kind === 'unit'
					? unitLetterRank(s.position as string, s.unit as string, s.addressed_to as string)
					: defaultProtocolRank(s.position as string, s.unit as string),
			sort_order: (i + 1) * 10,
			source: 'demo'
		};
	});
	const inserted = await insertDelegates(tx, rows);
	const byIndex = (i: number) => inserted[i].id;

	// A few replies the office took by phone before the letters went out.
	const phoned = specs.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === 'person' && s.tier >= 2 && s.tier <= 3);
	for (const { i } of phoned.filter(() => rng.chance(0.12))) {
		await tx
			.updateTable('delegate')
			.set({ reply_status: 'attending', replied_at: sql`now() - interval '12 days'`, replied_via: 'phone' })
			.where('id', '=', byIndex(i))
			.execute();
	}
	const declined = phoned.filter(() => rng.chance(0.04)).slice(0, 3);
	for (const { i } of declined) {
		await tx
			.updateTable('delegate')
			.set({ reply_status: 'declined', reply_note: 'Bận công tác', replied_at: sql`now() - interval '11 days'`, replied_via: 'phone' })
			.where('id', '=', byIndex(i))
			.execute();
	}

	// The Giám đốc Sở Y tế sends a deputy: the substitute keeps the tier, not the rank (needs placing).
	const director = specs.findIndex((s) => s.position === 'Giám đốc' && s.unit === 'Sở Y tế');
	const principalId = byIndex(director);
	const subName = name(true);
	const [sub] = await insertDelegates(tx, [
		{
			event_id: eventId,
			tier_id: tier(2),
			kind: 'person',
			salutation: 'Bà',
			full_name: subName,
			position: 'Phó Trưởng phòng Nghiệp vụ Y',
			unit: 'Sở Y tế',
			email: email(subName),
			phone: phone(),
			source: 'substitute',
			substitute_for: principalId,
			protocol_rank: 1000,
			reply_status: 'attending',
			replied_at: new Date(Date.now() - 9 * 86_400_000),
			replied_via: 'link',
			notes: `Dự thay ${specs[director].full_name}, Giám đốc Sở Y tế`
		}
	]);
	await tx
		.updateTable('delegate')
		.set({ status: 'replaced', reply_status: 'substituted', replied_at: sql`now() - interval '9 days'`, replied_via: 'link', token_version: 2 })
		.where('id', '=', principalId)
		.execute();

	// One commune has already named its two people; one is placed, the other waits for the organiser.
	const unitIdx = specs.findIndex((s) => s.kind === 'unit' && s.tier === 3);
	const unitRow = specs[unitIdx];
	const named = [name(false), name(true)];
	const attendees = await insertDelegates(
		tx,
		named.map((n, k) => ({
			event_id: eventId,
			tier_id: tier(3),
			kind: 'person' as const,
			salutation: k === 0 ? ('Ông' as const) : ('Bà' as const),
			full_name: n,
			position: k === 0 ? 'Chủ tịch UBND xã' : 'Công chức Văn hóa - Xã hội',
			unit: unitRow.unit as string,
			email: null,
			phone: phone(),
			source: 'unit_reply' as const,
			parent_unit_id: byIndex(unitIdx),
			protocol_rank: k === 0 ? 730 : 900,
			sort_order: rows[unitIdx].sort_order as number,
			reply_status: 'attending' as const,
			replied_at: new Date(Date.now() - 8 * 86_400_000),
			replied_via: 'link',
			placed_at: k === 0 ? new Date() : null
		}))
	);
	await tx
		.updateTable('delegate')
		.set({ reply_status: 'attending', replied_at: sql`now() - interval '8 days'`, replied_via: 'link' })
		.where('id', '=', byIndex(unitIdx))
		.execute();
	// Token hashes follow the versions set above.
	await setTokenHashes(tx, [principalId, sub.id, ...attendees.map((a) => a.id)]);

	// The presidium and the front rows, from the protocol order.
	await fillSeats(tx, eventId, { mode: 'all' });
	await writeAudit(tx, SYSTEM_ACTOR, {
		action: 'delegate.import.committed',
		entityType: 'event',
		entityId: eventId,
		organisationId: ctx.organisationId,
		eventId,
		data: { demo: true, created: inserted.length + 1 + attendees.length }
	});
}
