/**
 * The mails of the invitation capability: the invitation (letter attached) and the reminder, each as plain
 * text and HTML in Vietnamese, with the delegate's personal reply link.
 */
import type { EventRow } from '$lib/server/auth/access';
import type { AttachmentRef } from '$lib/server/mail/tables';
import { formatEventWhen } from '$lib/format';
import type { LetterSettings } from './settings';
import { delegateLine, delegateLink, letterFilename, type Delegate } from './letter';

export interface MailContent {
	subject: string;
	text: string;
	html: string;
	attachments: AttachmentRef[];
}

export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function deadlineText(s: LetterSettings): string | null {
	if (!s.replyDeadline) return null;
	const [y, m, d] = s.replyDeadline.split('-');
	return `${d}/${m}/${y}`;
}

function where(event: EventRow): string {
	return [event.venue, event.address].map((x) => x.trim()).filter(Boolean).join(', ');
}

function greetingName(d: Delegate): string {
	if (d.kind === 'unit') return 'Quý cơ quan';
	return d.salutation ?? 'Quý đại biểu';
}

function paragraphsToHtml(paragraphs: string[]): string {
	return paragraphs.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
}

function wrapHtml(title: string, inner: string): string {
	return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f8fafc">
<div style="max-width:620px;margin:0 auto;padding:24px;font-family:'Times New Roman',Tinos,serif;font-size:16px;line-height:1.5;color:#1e293b;background:#ffffff">
${inner}
</div>
</body></html>`;
}

function buttonHtml(link: string, label: string): string {
	return `<p style="margin:20px 0"><a href="${escapeHtml(link)}" style="display:inline-block;padding:10px 18px;background:#9f1d1d;color:#ffffff;text-decoration:none;border-radius:6px;font-family:Arial,sans-serif;font-size:15px">${escapeHtml(label)}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#64748b">Hoặc mở đường liên kết: <a href="${escapeHtml(link)}" style="color:#9f1d1d">${escapeHtml(link)}</a></p>`;
}

/** The invitation mail, with the letter attached (rendered when the mail is sent). */
export function invitationMail(event: EventRow, s: LetterSettings, d: Delegate, replaces?: Delegate | null): MailContent {
	const link = delegateLink(d);
	const who = greetingName(d);
	const deadline = deadlineText(s);
	const intro =
		d.kind === 'unit'
			? `${s.hostName} trân trọng kính mời Quý cơ quan cử ${String(d.places).padStart(2, '0')} đại biểu tới dự ${event.title}.`
			: `${s.hostName} trân trọng kính mời ${who} tới dự ${event.title}.`;
	const paragraphs = [
		`Kính gửi: ${delegateLine(d)}`,
		intro,
		...(replaces ? [`(${who} dự thay ${delegateLine(replaces)}.)`] : []),
		`Thời gian: ${formatEventWhen(event.starts_at)}.`,
		...(where(event) ? [`Địa điểm: ${where(event)}.`] : []),
		'Giấy mời chính thức được gửi kèm thư này (tệp PDF).',
		...(s.mailMessage ? [s.mailMessage] : [])
	];
	const replyAsk =
		d.kind === 'unit'
			? `Đề nghị Quý cơ quan xác nhận và đăng ký danh sách đại biểu${deadline ? ` trước ngày ${deadline}` : ''} tại đường liên kết dưới đây.`
			: `Kính đề nghị ${who} xác nhận tham dự, báo vắng hoặc cử người dự thay${deadline ? ` trước ngày ${deadline}` : ''} tại đường liên kết dưới đây.`;
	const qrLine = `Khi đến dự, xin xuất trình mã QR trong giấy mời (hoặc trên trang xác nhận) tại bàn đón tiếp; mã đón tiếp: ${d.code}.`;
	const text = [
		...paragraphs,
		replyAsk,
		link,
		qrLine,
		`Trân trọng./.\n${s.hostName}`,
		'—\nThư này được gửi tự động từ hệ thống Hội Nghị; đường liên kết trên là riêng của người nhận, xin không chuyển tiếp.'
	].join('\n\n');
	const html = wrapHtml(
		s.mailSubject,
		[
			paragraphsToHtml(paragraphs),
			paragraphsToHtml([replyAsk]),
			buttonHtml(link, d.kind === 'unit' ? 'Xác nhận và đăng ký đại biểu' : 'Xác nhận tham dự'),
			paragraphsToHtml([qrLine, 'Trân trọng./.']),
			`<p style="margin:0 0 12px;font-weight:bold">${escapeHtml(s.hostName)}</p>`,
			`<p style="margin:24px 0 0;font-size:12px;color:#94a3b8">Thư này được gửi tự động từ hệ thống Hội Nghị; đường liên kết trên là riêng của người nhận, xin không chuyển tiếp.</p>`
		].join('\n')
	);
	return {
		subject: s.mailSubject,
		text,
		html,
		attachments: [
			{ filename: letterFilename(d), contentType: 'application/pdf', renderer: 'invitation_pdf', params: { delegateId: d.id } }
		]
	};
}

/** A reminder to reply (no attachment: the letter came with the invitation). */
export function reminderMail(event: EventRow, s: LetterSettings, d: Delegate, extra = ''): MailContent {
	const link = delegateLink(d);
	const who = greetingName(d);
	const deadline = deadlineText(s);
	const paragraphs = [
		`Kính gửi: ${delegateLine(d)}`,
		`${s.hostName} đã trân trọng kính mời ${who} tới dự ${event.title}, vào ${formatEventWhen(event.starts_at)}${where(event) ? `, tại ${where(event)}` : ''}.`,
		`Ban Tổ chức chưa nhận được xác nhận của ${who}. Kính đề nghị ${who} xác nhận tham dự, báo vắng hoặc cử người dự thay${deadline ? ` trước ngày ${deadline}` : ''} tại đường liên kết dưới đây để Ban Tổ chức chuẩn bị chu đáo.`,
		...(extra.trim() ? [extra.trim()] : [])
	];
	const subject = `Nhắc xác nhận tham dự: ${event.title}`;
	const text = [...paragraphs, link, `Mã đón tiếp: ${d.code}.`, `Trân trọng./.\n${s.hostName}`].join('\n\n');
	const html = wrapHtml(
		subject,
		[
			paragraphsToHtml(paragraphs),
			buttonHtml(link, 'Xác nhận tham dự'),
			paragraphsToHtml([`Mã đón tiếp: ${d.code}.`, 'Trân trọng./.']),
			`<p style="margin:0 0 12px;font-weight:bold">${escapeHtml(s.hostName)}</p>`
		].join('\n')
	);
	return { subject, text, html, attachments: [] };
}
