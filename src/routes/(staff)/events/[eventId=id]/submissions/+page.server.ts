import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { DomainError } from '$lib/server/errors';
import { sendReminders, setPresentationOrder, submissionsOverview } from '$lib/server/submissions/service';
import { PAPER_STATUS_LABELS, timeLeftText } from '$lib/server/submissions/labels';
import { formatDateTime } from '$lib/format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const o = await guardLoad(() => submissionsOverview(db(), principal, eventId));
	const now = new Date();
	return {
		canReview: o.canReview,
		call: o.call
			? {
					deadline: o.call.deadline.toISOString(),
					deadlineText: formatDateTime(o.call.deadline),
					timeLeft: timeLeftText(o.call.deadline, now),
					passed: o.call.deadline < now
				}
			: null,
		counts: o.counts,
		units: o.units.map((u) => ({
			id: u.id,
			name: u.name,
			email: u.email,
			submissionId: u.submissionId,
			title: u.title,
			status: u.status ?? 'none',
			statusLabel: u.versions ? (u.resubmitted ? 'Đã nộp lại, chờ xem xét' : PAPER_STATUS_LABELS[u.status ?? 'none']) : PAPER_STATUS_LABELS.none,
			versions: u.versions,
			lastUploadAt: u.lastUploadAt?.toISOString() ?? null,
			reopenedUntil: u.reopenedUntil && u.reopenedUntil > now ? u.reopenedUntil.toISOString() : null,
			reminderCount: u.reminderCount
		})),
		presented: o.presented.map((p) => ({
			id: p.id,
			title: p.title,
			unit: p.unit,
			presenter: [p.presenter_name, p.presenter_position].filter(Boolean).join(', '),
			order: p.presentation_order ?? 0,
			minutes: p.speaking_minutes ?? 7
		})),
		reminderRound: crypto.randomUUID().slice(0, 12)
	};
};

export const actions: Actions = {
	remind: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			const r = await sendReminders(db(), principal, eventId, { round: values.round || new Date().toISOString().slice(0, 10) });
			return { ok: true, action: 'remind', ...r };
		});
	},
	order: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			// Each row sends order_<id> (a position the organiser typed) and minutes_<id>: works without JavaScript.
			const rows = Object.keys(values)
				.filter((k) => /^order_\d+$/.test(k))
				.map((k) => {
					const id = Number(k.slice(6));
					const pos = Number(values[k]);
					const minutes = Number(values[`minutes_${id}`]);
					if (!Number.isFinite(pos)) throw new DomainError('invalid_input', 'Thứ tự phải là số');
					if (!Number.isInteger(minutes) || minutes < 1 || minutes > 120)
						throw new DomainError('invalid_input', 'Thời gian trình bày từ 1 đến 120 phút');
					return { id, pos, minutes };
				})
				.sort((a, b) => a.pos - b.pos || a.id - b.id);
			const r = await setPresentationOrder(db(), principal, eventId, rows.map((r) => ({ id: r.id, speakingMinutes: r.minutes })));
			return { ok: true, action: 'order', programme: r.programme };
		});
	}
};
