/**
 * The tham luận part of the demo conference: a call with 8 invited units (five offices with a tham luận,
 * then units of the delegate list when the delegates seeder made some), five tham luận as small generated PDFs
 * (two selected for presentation, one printed only, one sent back, one waiting), the main report (approved),
 * a draft directing speech, and a booklet. PDFs are generated here with the app's engine (a few ms each).
 */
import type { DemoContext } from '$lib/server/demo/seed';
import { SYSTEM_ACTOR, writeAudit } from '$lib/server/audit';
import { generateToken, hashToken } from '$lib/server/auth/tokens';
import { parseDateTimeLocal } from '$lib/format';
import { createPdf, drawParagraph, drawText, mm, savePdf, PAGE_SIZES } from '$lib/server/pdf/doc';
import { fileStore, registerStoredFile } from '$lib/server/files/store';
import { CONTENT_TYPES } from '$lib/server/files/inspect';
import { buildBooklet } from './booklet';
import type { PaperStatus } from './tables';

const FALLBACK_UNITS = [
	{ name: 'UBND xã Phước Hà', email: 'vanphong@phuocha.khanhhoa.gov.vn' },
	{ name: 'Ngân hàng Chính sách xã hội chi nhánh tỉnh Khánh Hòa', email: 'nhcsxh@khanhhoa.gov.vn' },
	{ name: 'Hội Liên hiệp Phụ nữ tỉnh Khánh Hòa', email: 'hoiphunu@khanhhoa.gov.vn' },
	{ name: 'UBND phường Nha Trang', email: 'vanphong@nhatrang.khanhhoa.gov.vn' },
	{ name: 'Sở Y tế tỉnh Khánh Hòa', email: 'soyte@khanhhoa.gov.vn' },
	{ name: 'Sở Giáo dục và Đào tạo tỉnh Khánh Hòa', email: 'sogddt@khanhhoa.gov.vn' },
	{ name: 'UBND xã Cam Lâm', email: null },
	{ name: 'Hợp tác xã Nông nghiệp Phước Thuận', email: null }
];

interface PaperPlan {
	title: string;
	presenter: string;
	position: string;
	pages: number;
	status: PaperStatus;
	note?: string;
}

const PLANS: PaperPlan[] = [
	{ title: 'Phước Hà chung sức giảm nghèo bền vững ở vùng đồng bào dân tộc thiểu số', presenter: 'Pi Năng Thị Hạnh', position: 'Chủ tịch UBND xã', pages: 3, status: 'presented' },
	{ title: 'Tín dụng chính sách: đòn bẩy giúp hộ nghèo vươn lên', presenter: 'Lê Văn Thành', position: 'Giám đốc chi nhánh', pages: 2, status: 'presented' },
	{ title: 'Phụ nữ giúp nhau phát triển kinh tế, không để ai bị bỏ lại phía sau', presenter: 'Nguyễn Thị Mai', position: 'Chủ tịch Hội', pages: 2, status: 'printed' },
	{
		title: 'Kinh nghiệm huy động nguồn lực xã hội hóa hỗ trợ nhà ở cho hộ nghèo',
		presenter: 'Trần Quốc Bảo',
		position: 'Phó Chủ tịch UBND phường',
		pages: 1,
		status: 'revision',
		note: 'Đề nghị bổ sung số liệu năm 2025 (số nhà đã bàn giao, tổng kinh phí vận động) và rút gọn phần mở đầu còn khoảng 3 trang.'
	},
	{ title: 'Chăm sóc sức khỏe cho người nghèo: bảo hiểm y tế và khám chữa bệnh tại tuyến xã', presenter: 'Võ Thị Thu', position: 'Phó Giám đốc Sở', pages: 2, status: 'submitted' }
];

const BODY = [
	'Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh về triển khai Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2025, đơn vị đã ban hành kế hoạch, phân công cán bộ phụ trách từng thôn, tổ dân phố và từng nhóm hộ.',
	'Kết quả nổi bật: tỷ lệ hộ nghèo giảm bình quân trên 1,5% mỗi năm; 100% hộ nghèo, hộ cận nghèo được cấp thẻ bảo hiểm y tế; nhiều mô hình sinh kế được nhân rộng như nuôi bò sinh sản, trồng rau an toàn, dịch vụ du lịch cộng đồng.',
	'Bài học kinh nghiệm: phát huy vai trò người đứng đầu; lồng ghép các nguồn lực của Chương trình mục tiêu quốc gia; công khai, minh bạch danh sách hộ được hỗ trợ; khơi dậy ý chí tự lực vươn lên của chính người nghèo.',
	'Đề xuất, kiến nghị: tiếp tục bố trí nguồn vốn tín dụng chính sách; hỗ trợ đào tạo nghề gắn với việc làm tại chỗ; quan tâm khen thưởng kịp thời các tập thể, cá nhân, hộ gia đình tiêu biểu.'
];

async function demoPdf(heading: string, sub: string, pages: number): Promise<Uint8Array> {
	const { doc, fonts } = await createPdf({ title: heading });
	const [w, h] = PAGE_SIZES.a4Portrait;
	const left = mm(30);
	const width = w - mm(30) - mm(20);
	for (let i = 0; i < pages; i++) {
		const page = doc.addPage(PAGE_SIZES.a4Portrait);
		let y = h - mm(25);
		if (i === 0) {
			const t = drawParagraph(page, heading.toUpperCase(), { x: left, y, font: fonts.bold, size: 14, width, align: 'center', lineHeight: 18 });
			y = t.lastBaseline - 20;
			drawText(page, sub, { x: w / 2, y, font: fonts.italic, size: 13, align: 'center', maxWidth: width });
			y -= 28;
		}
		for (const [j, para] of BODY.entries()) {
			if (i > 0 && j === 0) continue;
			const r = drawParagraph(page, para, { x: left, y, font: fonts.regular, size: 13, width, firstLineIndent: mm(10), lineHeight: 19 });
			y = r.lastBaseline - 26;
		}
	}
	return savePdf(doc);
}

async function storePdf(ctx: DemoContext, bytes: Uint8Array) {
	const put = await fileStore().put(bytes);
	await registerStoredFile(ctx.tx, { sha256: put.sha256, size: put.size, contentType: CONTENT_TYPES.pdf });
	return put;
}

export async function seedSubmissionsDemo(ctx: DemoContext): Promise<void> {
	const { tx, eventId } = ctx;
	const event = await tx.selectFrom('event').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
	const organiser = ctx.userIds.organiser ?? ctx.userIds.admin;
	await tx
		.insertInto('submission_call')
		.values({
			event_id: eventId,
			guidance:
				'Tham luận nêu kết quả nổi bật, cách làm hay, mô hình hiệu quả và bài học kinh nghiệm của đơn vị trong thực hiện Phong trào thi đua giai đoạn 2021 - 2025; đề xuất, kiến nghị cho giai đoạn tới.',
			deadline: parseDateTimeLocal('2026-12-08T17:00')!,
			expected_length: '3–5 trang A4, cỡ chữ 14',
			speaking_minutes: 7,
			created_by: organiser
		})
		.execute();

	// Units: the five offices whose tham luận the demo tells the story of (linked to the delegate list when it
	// has them), then units of the delegate list (when the delegates seeder made some) up to eight.
	const fromDelegates = await tx
		.selectFrom('delegate')
		.select(['id', 'unit', 'addressed_to', 'email'])
		.where('event_id', '=', eventId)
		.where('kind', '=', 'unit')
		.where('status', '=', 'active')
		.orderBy('protocol_rank')
		.orderBy('id')
		.execute();
	const listed = fromDelegates.map((d) => ({ name: (d.unit || d.addressed_to).trim(), email: d.email, delegateId: d.id as number | null })).filter((u) => u.name);
	const key = (n: string) => n.normalize('NFC').toLowerCase();
	const units: { name: string; email: string | null; delegateId: number | null }[] = FALLBACK_UNITS.slice(0, PLANS.length).map((f) => {
		const d = listed.find((u) => key(u.name) === key(f.name));
		return d ? { ...d, email: d.email ?? f.email } : { ...f, delegateId: null };
	});
	for (const u of [...listed, ...FALLBACK_UNITS.slice(PLANS.length).map((f) => ({ ...f, delegateId: null }))]) {
		if (units.length >= 8) break;
		if (!units.some((x) => key(x.name) === key(u.name))) units.push(u);
	}
	const invitedAt = new Date(Date.now() - 12 * 24 * 3600 * 1000);
	const unitRows = [];
	for (const u of units) {
		const row = await tx
			.insertInto('submission_unit')
			.values({ event_id: eventId, name: u.name, email: u.email, delegate_id: u.delegateId, invited_at: invitedAt, created_by: organiser })
			.returningAll()
			.executeTakeFirstOrThrow();
		await tx
			.insertInto('submission_link')
			.values({ unit_id: row.id, event_id: eventId, token_hash: hashToken(generateToken()), purpose: 'demo', created_by: organiser })
			.execute();
		unitRows.push(row);
	}

	let order = 0;
	for (const [i, plan] of PLANS.entries()) {
		const unit = unitRows[i];
		if (!unit) break;
		const paper = await tx
			.insertInto('submission')
			.values({
				event_id: eventId,
				kind: 'tham_luan',
				unit_id: unit.id,
				title: plan.title,
				presenter_name: plan.presenter,
				presenter_position: plan.position,
				summary: 'Kết quả, cách làm và bài học kinh nghiệm của đơn vị.'
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		const bytes = await demoPdf(plan.title, unit.name, plan.pages);
		const put = await storePdf(ctx, bytes);
		const version = await tx
			.insertInto('submission_version')
			.values({
				submission_id: paper.id,
				event_id: eventId,
				number: 1,
				sha256: put.sha256,
				size: put.size,
				content_type: CONTENT_TYPES.pdf,
				file_kind: 'pdf',
				file_name: `Tham luận - ${unit.name}.pdf`,
				page_count: plan.pages,
				uploaded_via: 'demo',
				uploaded_by_label: `${unit.name} (liên kết riêng)`
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const presented = plan.status === 'presented';
		if (presented) order++;
		await tx
			.updateTable('submission')
			.set({
				current_version_id: version.id,
				status: plan.status,
				decision_note: plan.note ?? '',
				decided_at: plan.status === 'submitted' ? null : new Date(),
				decided_by: plan.status === 'submitted' ? null : organiser,
				presentation_order: presented ? order : null,
				speaking_minutes: presented ? 7 : null
			})
			.where('id', '=', paper.id)
			.execute();
		if (plan.status !== 'submitted')
			await tx
				.insertInto('submission_review')
				.values({
					submission_id: paper.id,
					event_id: eventId,
					version_id: version.id,
					author_user_id: organiser,
					author_label: 'Nguyễn Thị Thu Hà',
					decision: plan.status as Exclude<PaperStatus, 'submitted'>,
					body: plan.note ?? '',
					reopened_until: plan.status === 'revision' ? parseDateTimeLocal('2026-12-10T17:00')! : null
				})
				.execute();
		if (plan.status === 'revision')
			await tx.updateTable('submission_unit').set({ reopened_until: parseDateTimeLocal('2026-12-10T17:00')! }).where('id', '=', unit.id).execute();
	}

	// Internal documents: the main report (approved, with its file) and the directing speech (draft).
	const report = await tx
		.insertInto('submission')
		.values({
			event_id: eventId,
			kind: 'main_report',
			title: 'Báo cáo tổng kết Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2025',
			owner_user_id: organiser,
			owner_unit: 'Sở Nông nghiệp và Môi trường',
			doc_status: 'approved'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const reportBytes = await demoPdf('Báo cáo tổng kết phong trào thi đua giai đoạn 2021 - 2025', 'Sở Nông nghiệp và Môi trường', 4);
	const rput = await storePdf(ctx, reportBytes);
	const rv = await tx
		.insertInto('submission_version')
		.values({
			submission_id: report.id,
			event_id: eventId,
			number: 1,
			sha256: rput.sha256,
			size: rput.size,
			content_type: CONTENT_TYPES.pdf,
			file_kind: 'pdf',
			file_name: 'Báo cáo tổng kết.pdf',
			page_count: 4,
			uploaded_via: 'demo',
			uploaded_by: organiser,
			uploaded_by_label: 'Nguyễn Thị Thu Hà'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await tx.updateTable('submission').set({ current_version_id: rv.id }).where('id', '=', report.id).execute();
	await tx
		.insertInto('submission')
		.values({ event_id: eventId, kind: 'directing_speech', title: 'Bài phát biểu chỉ đạo của lãnh đạo UBND tỉnh', owner_user_id: organiser, owner_unit: 'Văn phòng UBND tỉnh', doc_status: 'draft' })
		.execute();

	await writeAudit(tx, SYSTEM_ACTOR, {
		action: 'submission.demo.seeded',
		entityType: 'event',
		entityId: eventId,
		organisationId: ctx.organisationId,
		eventId,
		data: { units: unitRows.length, papers: PLANS.length }
	});
	await buildBooklet(tx, event, { actor: SYSTEM_ACTOR, userId: null, soffice: null });
}
