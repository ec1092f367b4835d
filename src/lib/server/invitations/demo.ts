/**
 * The demo's invitations: the letter text, a first round already delivered to the in-app outbox (the demo
 * has no SMTP server) for most delegates with an email, one bounced address and one interrupted send to
 * show those states, and a few replies (by link, by phone, a decline with its reason). Some delegates are
 * left uninvited so "Gửi giấy mời" still has work to show. Runs after the delegates' seeder.
 */
import { sql } from 'kysely';
import type { DemoContext } from '$lib/server/demo/seed';
import { SYSTEM_ACTOR } from '$lib/server/audit';
import { createBatch } from '$lib/server/mail/outbox';
import { orderedDelegates } from '$lib/server/delegates/order';
import { letterSettings } from './settings';
import { eventRow } from './letter';
import { enqueueInvitation } from './queue';
import { applyReply } from './service';
import { linkActor } from './replies';

export async function seedInvitationsDemo(ctx: DemoContext): Promise<void> {
	const { tx, rng, eventId, organisationId, userIds } = ctx;
	await tx
		.insertInto('invitation_settings')
		.values({
			event_id: eventId,
			subject: '',
			host_name: 'Ủy ban nhân dân tỉnh Khánh Hòa',
			programme_summary: [
				'Báo cáo tổng kết Phong trào thi đua giai đoạn 2021 - 2025;',
				'Tham luận của các sở, ngành, địa phương và hộ gia đình điển hình;',
				'Trao Bằng khen của Chủ tịch UBND tỉnh; phát biểu chỉ đạo của lãnh đạo tỉnh.'
			].join('\n'),
			notes: [
				'Trang phục: Nam áo sơ mi, quần âu; nữ áo dài truyền thống. Đại biểu có mặt trước 07 giờ 15 phút.',
				'Liên hệ: Bà Nguyễn Thị Thu Hà, Văn phòng UBND tỉnh, điện thoại 0258 3822 123.'
			].join('\n'),
			recipients_list: ['- Như trên;', '- CT, các PCT UBND tỉnh;', '- Sở NN&MT (cơ quan thường trực);', '- Lưu: VT, KGVX.'].join('\n'),
			issue_date: '2026-12-01',
			reply_deadline: '2026-12-12',
			mail_subject: 'Giấy mời dự Hội nghị tổng kết Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2025',
			updated_by: userIds.organiser
		})
		.execute();
	const delegates = await orderedDelegates(tx, eventId);
	const withEmail = delegates.filter((d) => d.email);
	if (!withEmail.length) return;
	const event = await eventRow(tx, eventId);
	const s = await letterSettings(tx, event);
	// The first ~80% of the list (protocol order) got the first round; the rest are left for the demo.
	const invited = withEmail.slice(0, Math.ceil(withEmail.length * 0.8));
	const batchId = await createBatch(tx, { organisationId, eventId, kind: 'invitation', label: 'Đợt gửi giấy mời 1', createdBy: userIds.organiser });
	for (const d of invited) await enqueueInvitation(tx, event, s, d, { batchId, createdBy: userIds.organiser });
	await tx
		.insertInto('invitation_round')
		.values({
			event_id: eventId,
			kind: 'invitation',
			number: 1,
			request_key: 'demo-round-0001',
			batch_id: batchId,
			audience: JSON.stringify({ tierId: null, demo: true }),
			recipients: invited.length,
			created_by: userIds.organiser
		})
		.execute();
	// Delivered to the in-app outbox (no SMTP server in the demo), spread over a few minutes two weeks ago.
	await sql`
		update mail_message set status = 'sent', transport = 'local', attempts = 1,
			created_at = now() - interval '14 days', next_attempt_at = now() - interval '14 days',
			sent_at = now() - interval '14 days' + (id % 300) * interval '1 second', updated_at = now()
		where batch_id = ${batchId}`.execute(tx);
	await sql`update invitation_round set created_at = now() - interval '14 days' where batch_id = ${batchId}`.execute(tx);
	await sql`update mail_batch set created_at = now() - interval '14 days' where id = ${batchId}`.execute(tx);
	const ids = invited.map((d) => d.id);
	const bounced = ids[Math.floor(ids.length * 0.6)];
	const interrupted = ids[Math.floor(ids.length * 0.7)];
	await tx
		.updateTable('mail_message')
		.set({
			status: 'failed',
			transport: null,
			sent_at: null,
			error_kind: 'permanent',
			last_error: 'Máy chủ thư từ chối (550): 550 5.1.1 Hộp thư không tồn tại'
		})
		.where('batch_id', '=', batchId)
		.where('delegate_id', '=', bounced)
		.execute();
	await tx
		.updateTable('mail_message')
		.set({
			status: 'uncertain',
			transport: null,
			sent_at: null,
			error_kind: 'interrupted',
			last_error:
				'Quá trình gửi bị gián đoạn (máy chủ dừng giữa chừng): chưa rõ thư đã đến người nhận hay chưa. Hãy kiểm tra rồi gửi lại nếu cần.'
		})
		.where('batch_id', '=', batchId)
		.where('delegate_id', '=', interrupted)
		.execute();
	// Replies: most of the invited confirm by their link, a few decline, two answered by phone.
	const reasons = ['Trùng lịch công tác tại Hà Nội', 'Đang điều trị tại bệnh viện', 'Tham dự hội nghị khác của Bộ'];
	for (const d of invited) {
		if (d.id === bounced || d.id === interrupted) continue;
		const x = rng.next();
		if (x < 0.55) await applyReply(tx, event, d, { status: 'attending', note: '', via: 'link' }, linkActor(null));
		else if (x < 0.62) await applyReply(tx, event, d, { status: 'declined', note: reasons[Math.floor(rng.next() * reasons.length)], via: 'link' }, linkActor(null));
		else if (x < 0.67) await applyReply(tx, event, d, { status: 'attending', note: 'Gọi điện xác nhận', via: 'phone' }, { ...SYSTEM_ACTOR, label: 'Nguyễn Thị Thu Hà' });
	}
	await tx
		.updateTable('delegate')
		.set({ replied_at: sql`replied_at - interval '10 days'` })
		.where('event_id', '=', eventId)
		.where('replied_at', 'is not', null)
		.execute();
}
