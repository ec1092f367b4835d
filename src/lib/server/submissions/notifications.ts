/**
 * The mails of tham luận: the invitation to submit, the reminder and the review decision. Vietnamese text
 * and HTML bodies, built from plain data (pure: easy to test and to read).
 */
import { formatDateTime, formatDate } from '$lib/format';
import type { Decision } from './tables';

export interface MailContent {
	subject: string;
	text: string;
	html: string;
}

export interface MailEvent {
	title: string;
	startsAt: Date;
	venue: string;
	organiserName: string;
}

export interface MailCall {
	guidance: string;
	deadline: Date;
	acceptPdf: boolean;
	acceptDocx: boolean;
	maxSizeMb: number;
	expectedLength: string;
	speakingMinutes: number;
}

export function escapeHtml(s: string): string {
	return s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

function formats(call: MailCall): string {
	const f = [call.acceptPdf ? 'PDF' : null, call.acceptDocx ? 'Word (.docx)' : null].filter(Boolean).join(' hoặc ');
	return `${f}, tối đa ${call.maxSizeMb} MB`;
}

export function deadlineText(d: Date): string {
	return `${formatDateTime(d)} (giờ Việt Nam)`;
}

function signature(event: MailEvent): string {
	return event.organiserName ? `Ban tổ chức hội nghị\n${event.organiserName}` : 'Ban tổ chức hội nghị';
}

/** Paragraphs (blank-line separated) to HTML; a line that is exactly the link becomes a button. */
function html(paragraphs: string[], link?: string, linkLabel?: string): string {
	const body = paragraphs
		.map((p) => {
			if (link && p === link)
				return `<p style="margin:18px 0"><a href="${escapeHtml(link)}" style="background:#9f1d1d;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(linkLabel ?? 'Mở trang gửi tham luận')}</a><br><span style="font-size:12px;color:#555">${escapeHtml(link)}</span></p>`;
			return `<p style="margin:0 0 12px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`;
		})
		.join('\n');
	return `<!doctype html><html lang="vi"><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1e293b">\n${body}\n</body></html>`;
}

function callLines(call: MailCall): string[] {
	const lines: string[] = [];
	if (call.guidance) lines.push(`Nội dung đề nghị: ${call.guidance}`);
	const facts = [
		`Hạn gửi: ${deadlineText(call.deadline)}`,
		`Định dạng: ${formats(call)}`,
		call.expectedLength ? `Độ dài: ${call.expectedLength}` : null,
		`Thời gian trình bày nếu được chọn: khoảng ${call.speakingMinutes} phút`
	].filter(Boolean) as string[];
	lines.push(facts.join('\n'));
	return lines;
}

export function inviteMail(p: { event: MailEvent; call: MailCall; unitName: string; link: string }): MailContent {
	const paras = [
		`Kính gửi: ${p.unitName}`,
		`Để chuẩn bị ${p.event.title} (dự kiến tổ chức ngày ${formatDate(p.event.startsAt)}${p.event.venue ? ` tại ${p.event.venue}` : ''}), Ban tổ chức trân trọng đề nghị Quý đơn vị chuẩn bị và gửi tham luận về kết quả, cách làm hay và kinh nghiệm của đơn vị.`,
		...callLines(p.call),
		'Quý đơn vị gửi tham luận (và các bản sửa sau đó) tại trang riêng dưới đây, không cần tài khoản:',
		p.link,
		'Liên kết này dành riêng cho Quý đơn vị, xin không chuyển cho đơn vị khác. Một số tham luận sẽ được chọn trình bày tại hội nghị; các tham luận còn lại được in trong tài liệu hội nghị.',
		`Trân trọng cảm ơn.\n${signature(p.event)}`
	];
	return {
		subject: `Đề nghị gửi tham luận: ${p.event.title}`,
		text: paras.join('\n\n'),
		html: html(paras, p.link)
	};
}

export function reminderMail(p: { event: MailEvent; call: MailCall; unitName: string; link: string; deadline: Date }): MailContent {
	const now = Date.now();
	const passed = p.deadline.getTime() < now;
	const paras = [
		`Kính gửi: ${p.unitName}`,
		passed
			? `Ban tổ chức ${p.event.title} chưa nhận được tham luận của Quý đơn vị. Hạn gửi (${deadlineText(p.deadline)}) đã qua; nếu Quý đơn vị vẫn muốn gửi, xin liên hệ Ban tổ chức để được mở lại.`
			: `Ban tổ chức ${p.event.title} chưa nhận được tham luận của Quý đơn vị. Xin nhắc hạn gửi là ${deadlineText(p.deadline)}.`,
		...callLines({ ...p.call, deadline: p.deadline }),
		'Quý đơn vị gửi tham luận tại trang riêng dưới đây (các liên kết đã gửi trước vẫn dùng được):',
		p.link,
		`Trân trọng cảm ơn.\n${signature(p.event)}`
	];
	return {
		subject: `Nhắc gửi tham luận (hạn ${formatDateTime(p.deadline)}): ${p.event.title}`,
		text: paras.join('\n\n'),
		html: html(paras, p.link)
	};
}

export const DECISION_SUBJECTS: Record<Decision, string> = {
	presented: 'Tham luận được chọn trình bày tại hội nghị',
	printed: 'Tham luận được in trong tài liệu hội nghị',
	revision: 'Đề nghị chỉnh sửa tham luận',
	rejected: 'Kết quả xem xét tham luận'
};

export function decisionMail(p: {
	event: MailEvent;
	unitName: string;
	title: string;
	decision: Decision;
	note: string;
	presenterName?: string;
	speakingMinutes?: number | null;
	reopenUntil?: Date | null;
	link?: string | null;
}): MailContent {
	const t = `“${p.title}”`;
	const paras: string[] = [`Kính gửi: ${p.unitName}`];
	switch (p.decision) {
		case 'presented':
			paras.push(
				`Ban tổ chức ${p.event.title} trân trọng thông báo: tham luận ${t} của Quý đơn vị được chọn trình bày tại hội nghị${p.speakingMinutes ? `, thời gian trình bày khoảng ${p.speakingMinutes} phút` : ''}.`,
				p.presenterName ? `Người trình bày: ${p.presenterName}. Đề nghị Quý đơn vị bố trí người trình bày có mặt đúng giờ.` : 'Đề nghị Quý đơn vị bố trí người trình bày có mặt đúng giờ.'
			);
			break;
		case 'printed':
			paras.push(`Ban tổ chức ${p.event.title} trân trọng thông báo: tham luận ${t} của Quý đơn vị được chọn in trong tài liệu hội nghị.`);
			break;
		case 'revision':
			paras.push(`Ban tổ chức ${p.event.title} đã đọc tham luận ${t} và đề nghị Quý đơn vị chỉnh sửa trước khi đưa vào tài liệu hội nghị.`);
			break;
		case 'rejected':
			paras.push(`Ban tổ chức ${p.event.title} trân trọng cảm ơn Quý đơn vị đã gửi tham luận ${t}. Lần này tham luận không được sử dụng tại hội nghị.`);
			break;
	}
	if (p.note) paras.push(`${p.decision === 'revision' ? 'Nội dung cần chỉnh sửa' : 'Ý kiến của Ban tổ chức'}:\n${p.note}`);
	if (p.decision === 'revision') {
		if (p.reopenUntil) paras.push(`Xin gửi bản đã sửa trước ${deadlineText(p.reopenUntil)} tại trang riêng của Quý đơn vị:`);
		else paras.push('Xin gửi bản đã sửa tại trang riêng của Quý đơn vị:');
		if (p.link) paras.push(p.link);
	}
	paras.push(`Trân trọng cảm ơn.\n${signature(p.event)}`);
	return {
		subject: `${DECISION_SUBJECTS[p.decision]}: ${p.event.title}`,
		text: paras.join('\n\n'),
		html: html(paras, p.link ?? undefined, 'Gửi bản đã sửa')
	};
}
