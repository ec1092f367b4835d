import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { can } from '$lib/server/auth/permissions';
import { createDocument, listDocuments, organisationMembers } from '$lib/server/submissions/service';
import { INTERNAL_KINDS, parseDocumentInput } from '$lib/server/submissions/schema';
import { DOC_STATUS_LABELS, kindLabel } from '$lib/server/submissions/labels';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const { role, event: e } = await guardLoad(() => requireEventAccess(db(), principal, eventId, 'submission.view'));
	const canReview = can(role, 'submission.review');
	const [docs, members] = await Promise.all([listDocuments(db(), eventId), canReview ? organisationMembers(db(), e.organisation_id) : Promise.resolve([])]);
	const have = new Set(docs.map((d) => d.kind));
	return {
		canReview,
		documents: docs.map((d) => ({
			id: d.id,
			kindLabel: kindLabel(d.kind, e.kind),
			title: d.title,
			owner: d.ownerName,
			ownerUnit: d.ownerUnit,
			status: d.docStatus,
			statusLabel: DOC_STATUS_LABELS[d.docStatus],
			versions: d.versions,
			updatedAt: d.updatedAt.toISOString()
		})),
		missingKinds: INTERNAL_KINDS.filter((k) => !have.has(k)).map((k) => ({ key: k, label: kindLabel(k, e.kind) })),
		members: members.map((m) => ({ id: m.id, name: m.full_name }))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		const result = await runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'submission.review');
			const parsed = parseDocumentInput(values);
			if (!parsed.ok) throw invalid(parsed.errors, Object.values(parsed.errors)[0]);
			return { id: await createDocument(db(), principal, eventId, parsed.value) };
		}, values);
		if (result && 'id' in result) redirect(303, `/events/${eventId}/submissions/${result.id}`);
		return result;
	}
};
