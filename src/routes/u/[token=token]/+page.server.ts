import { fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { formValues, guardLoad, runAction } from '$lib/server/http';
import { unitPage, uploadByLink } from '$lib/server/submissions/public';
import { fileFromForm } from '$lib/server/submissions/http';
import { MAX_UPLOAD_MB } from '$lib/server/files/inspect';
import { PAPER_STATUS_LABELS, DECISION_LABELS, timeLeftText } from '$lib/server/submissions/labels';
import { acceptedKinds } from '$lib/server/submissions/service';
import { formatDateTime } from '$lib/format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// A personal page: never cached, never indexed.
	setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex, nofollow' });
	const p = await guardLoad(() => unitPage(db(), params.token));
	const now = new Date();
	const call = p.call;
	const decided = p.paper?.status && p.paper.status !== 'submitted' ? p.paper.status : null;
	return {
		event: {
			title: p.event.title,
			startsAt: p.event.starts_at.toISOString(),
			venue: p.event.venue,
			organiserName: p.event.organiser_name
		},
		unit: { name: p.unit.name },
		call: call
			? {
					guidance: call.guidance,
					deadline: call.deadline.toISOString(),
					accept: acceptedKinds(call),
					maxSizeMb: call.max_size_mb,
					expectedLength: call.expected_length,
					speakingMinutes: call.speaking_minutes
				}
			: null,
		window: {
			open: p.window.open,
			until: p.window.until?.toISOString() ?? null,
			untilText: p.window.until ? formatDateTime(p.window.until) : null,
			timeLeft: p.window.until ? timeLeftText(p.window.until, now) : null,
			reopened: p.window.open ? p.window.reopened : false,
			reason: p.window.open ? null : p.window.reason
		},
		paper: p.paper
			? {
					title: p.paper.title,
					presenterName: p.paper.presenter_name,
					presenterPosition: p.paper.presenter_position,
					summary: p.paper.summary,
					status: p.paper.status,
					statusLabel: PAPER_STATUS_LABELS[p.paper.status ?? 'none'],
					decision: decided,
					decisionLabel: decided ? DECISION_LABELS[decided] : null,
					decisionNote: p.paper.decision_note,
					speakingMinutes: p.paper.speaking_minutes
				}
			: null,
		versions: p.versions.map((v) => ({
			id: v.id,
			number: v.number,
			fileName: v.file_name,
			kind: v.file_kind,
			size: Number(v.size),
			pages: v.page_count,
			sha256: v.sha256,
			at: v.created_at.toISOString()
		}))
	};
};

export const actions: Actions = {
	upload: async ({ params, request, getClientAddress }) => {
		let form: FormData;
		try {
			form = await request.formData();
		} catch (e) {
			// adapter-node refuses bodies over BODY_SIZE_LIMIT (25 MB) while they are read.
			if ((e as { status?: number })?.status === 413)
				return fail(413, {
					code: 'file_too_large',
					message: `Tệp quá lớn: giới hạn là ${MAX_UPLOAD_MB} MB. Hãy giảm dung lượng (ví dụ: xuất PDF với ảnh chất lượng thấp hơn) rồi tải lên lại. Tệp chưa được nhận; bản đã gửi trước (nếu có) vẫn giữ nguyên.`,
					errors: { file: `Tối đa ${MAX_UPLOAD_MB} MB` },
					values: {}
				});
			return fail(400, { code: 'invalid_form', message: 'Không đọc được nội dung gửi lên. Hãy chọn lại tệp và gửi lại.', errors: {}, values: {} });
		}
		const values = formValues(form);
		return runAction(async () => {
			const file = await fileFromForm(form);
			let ip: string | null = null;
			try {
				ip = getClientAddress();
			} catch {
				/* not available */
			}
			const r = await uploadByLink(db(), params.token, { fields: values, file }, { ip });
			return { ok: true, versionNumber: r.versionNumber };
		}, values);
	}
};
