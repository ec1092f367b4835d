import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { can } from '$lib/server/auth/permissions';
import { latestBooklet, listDocuments, listUnits } from '$lib/server/submissions/service';
import { bookletWarnings, generateBooklet, SECTION_TITLES } from '$lib/server/submissions/booklet';
import { findSoffice } from '$lib/server/submissions/convert';
import { DOC_STATUS_LABELS, kindLabel } from '$lib/server/submissions/labels';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const { role, event: e } = await guardLoad(() => requireEventAccess(db(), principal, eventId, 'submission.view'));
	const [booklet, docs, units] = await Promise.all([latestBooklet(db(), eventId), listDocuments(db(), eventId), listUnits(db(), eventId)]);
	const report = docs.find((d) => d.kind === 'main_report') ?? null;
	const warnings = booklet ? await bookletWarnings(db(), e, booklet) : [];
	return {
		canReview: can(role, 'submission.review'),
		hasSoffice: !!findSoffice(),
		report: report
			? { id: report.id, label: kindLabel('main_report', e.kind), status: report.docStatus, statusLabel: DOC_STATUS_LABELS[report.docStatus], versions: report.versions }
			: null,
		ready: { presented: units.filter((u) => u.status === 'presented').length, printed: units.filter((u) => u.status === 'printed').length },
		booklet: booklet
			? {
					id: booklet.id,
					createdAt: booklet.created_at.toISOString(),
					pages: booklet.page_count,
					size: Number(booklet.size),
					durationMs: booklet.duration_ms,
					contents: booklet.contents.map((c) => ({ ...c, sectionTitle: SECTION_TITLES[c.section] })),
					missing: booklet.missing,
					warnings
				}
			: null
	};
};

export const actions: Actions = {
	generate: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		return runAction(async () => {
			const b = await generateBooklet(db(), principal, eventId);
			const { event: e } = await requireEventAccess(db(), principal, eventId, 'submission.view');
			const warnings = await bookletWarnings(db(), e, b);
			return { ok: true, pages: b.page_count, missing: b.missing.length, warnings: warnings.length };
		});
	}
};
