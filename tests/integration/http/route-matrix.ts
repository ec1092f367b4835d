/**
 * Every page and endpoint with the permission it needs. The permission test walks this table for each role;
 * a companion test fails when a page is not listed here, or when a +server.ts exports an HTTP method (GET, POST,
 * PUT, PATCH, DELETE, …) whose (route, method) pair is not, so new routes and new handlers cannot skip it.
 *
 * `need`: a Permission (checked on the event's organisation), 'signed-in' (any account), 'public' (no account),
 * or 'org-admin' (administrator of an organisation / system administrator).
 */
export interface RouteCase {
	method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
	/** Path with :eventId / :orgId placeholders. */
	path: string;
	/** The route file pattern this case covers (src/routes relative, without the +file). */
	route: string;
	kind: 'page' | 'api';
	need: string;
	/** JSON body for API writes (placeholders such as ':formId' inside it are filled like the path's). */
	body?: unknown;
	/**
	 * A destructive case: `id` names a per-caller placeholder (tests/integration/http/fresh-matrix.ts), so
	 * each role, the outsider and the anonymous visitor act on an entity of their own. `probe` is an API GET
	 * (made as the administrator) that shows the entity: it lists it under `list`, or, without `list`,
	 * answers 404 once it is gone; `goneWhen` marks an entity that stays but is cancelled. An allowed caller
	 * must get 2xx and leave it gone; any other, its refusal and the entity still there.
	 */
	fresh?: { id: string; probe: string; list?: string; goneWhen?: { field: string; equals: string } };
}

export const ROUTES: RouteCase[] = [
	// programme, awards, certificates, stage (issue 6); :itemId … :vcode from tests/unit/awards/world.ts
	{ method: 'GET', path: '/events/:eventId/programme', route: '(staff)/events/[eventId=id]/programme', kind: 'page', need: 'programme.view' },
	{ method: 'GET', path: '/events/:eventId/programme/pdf', route: '(staff)/events/[eventId=id]/programme/pdf', kind: 'page', need: 'programme.view' },
	{ method: 'GET', path: '/events/:eventId/programme/script', route: '(staff)/events/[eventId=id]/programme/script', kind: 'page', need: 'programme.view' },
	{ method: 'GET', path: '/events/:eventId/programme/script/pdf', route: '(staff)/events/[eventId=id]/programme/script/pdf', kind: 'page', need: 'programme.view' },
	{ method: 'GET', path: '/events/:eventId/awards', route: '(staff)/events/[eventId=id]/awards', kind: 'page', need: 'award.view' },
	{ method: 'GET', path: '/events/:eventId/awards/:decisionId', route: '(staff)/events/[eventId=id]/awards/[decisionId=id]', kind: 'page', need: 'award.view' },
	{ method: 'GET', path: '/events/:eventId/awards/batches', route: '(staff)/events/[eventId=id]/awards/batches', kind: 'page', need: 'programme.view' },
	{ method: 'GET', path: '/events/:eventId/awards/rules', route: '(staff)/events/[eventId=id]/awards/rules', kind: 'page', need: 'award.view' },
	{ method: 'GET', path: '/events/:eventId/certificates', route: '(staff)/events/[eventId=id]/certificates', kind: 'page', need: 'certificate.print' },
	{ method: 'GET', path: '/events/:eventId/certificates/pdf?kind=calibration', route: '(staff)/events/[eventId=id]/certificates/pdf', kind: 'page', need: 'certificate.print' },
	{ method: 'GET', path: '/events/:eventId/stage', route: '(staff)/events/[eventId=id]/stage', kind: 'page', need: 'programme.view' },
	{ method: 'GET', path: '/events/:eventId/stage/stream', route: '(staff)/events/[eventId=id]/stage/stream', kind: 'page', need: 'programme.view' },
	{ method: 'GET', path: '/v/:vcode', route: 'v/[code=vcode]', kind: 'page', need: 'public' },
	{ method: 'GET', path: '/api/v1/events/:eventId/programme', route: 'api/v1/events/[eventId=id]/programme', kind: 'api', need: 'programme.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/programme', route: 'api/v1/events/[eventId=id]/programme', kind: 'api', need: 'programme.edit', body: { kind: 'other', title: 'Mục thử quyền', durationMinutes: 5 } },
	// PUT: an order that does not list every item once (an allowed role gets 400 invalid_order, nothing moves)
	{ method: 'PUT', path: '/api/v1/events/:eventId/programme', route: 'api/v1/events/[eventId=id]/programme', kind: 'api', need: 'programme.edit', body: { ids: [] } },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/programme/:itemId', route: 'api/v1/events/[eventId=id]/programme/[itemId=id]', kind: 'api', need: 'programme.edit', body: { notes: 'Ghi chú thử quyền' } },
	{
		method: 'DELETE',
		path: '/api/v1/events/:eventId/programme/:delItemId',
		route: 'api/v1/events/[eventId=id]/programme/[itemId=id]',
		kind: 'api',
		need: 'programme.edit',
		fresh: { id: ':delItemId', probe: '/api/v1/events/:eventId/programme', list: 'items' }
	},
	{ method: 'POST', path: '/api/v1/events/:eventId/programme/:itemId/mark', route: 'api/v1/events/[eventId=id]/programme/[itemId=id]/mark', kind: 'api', need: 'programme.edit', body: { mark: 'clear' } },
	{ method: 'GET', path: '/api/v1/events/:eventId/programme/pdf', route: 'api/v1/events/[eventId=id]/programme/pdf', kind: 'api', need: 'programme.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/programme/template', route: 'api/v1/events/[eventId=id]/programme/template', kind: 'api', need: 'programme.edit' },
	{ method: 'POST', path: '/api/v1/events/:eventId/programme/discussions', route: 'api/v1/events/[eventId=id]/programme/discussions', kind: 'api', need: 'programme.edit' },
	{ method: 'GET', path: '/api/v1/events/:eventId/script', route: 'api/v1/events/[eventId=id]/script', kind: 'api', need: 'programme.view' },
	{ method: 'PUT', path: '/api/v1/events/:eventId/script', route: 'api/v1/events/[eventId=id]/script', kind: 'api', need: 'programme.edit', body: { text: 'Kịch bản thử quyền' } },
	{ method: 'POST', path: '/api/v1/events/:eventId/script', route: 'api/v1/events/[eventId=id]/script', kind: 'api', need: 'programme.edit' },
	{ method: 'GET', path: '/api/v1/events/:eventId/script/pdf', route: 'api/v1/events/[eventId=id]/script/pdf', kind: 'api', need: 'programme.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/decisions', route: 'api/v1/events/[eventId=id]/decisions', kind: 'api', need: 'award.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/decisions', route: 'api/v1/events/[eventId=id]/decisions', kind: 'api', need: 'award.edit', body: { number: '9002/QĐ-UBND', decisionDate: '2025-08-20', formId: ':formId' } },
	{ method: 'GET', path: '/api/v1/events/:eventId/decisions/:decisionId', route: 'api/v1/events/[eventId=id]/decisions/[decisionId=id]', kind: 'api', need: 'award.view' },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/decisions/:decisionId', route: 'api/v1/events/[eventId=id]/decisions/[decisionId=id]', kind: 'api', need: 'award.edit', body: { signerName: 'Nguyễn Văn Ký' } },
	{
		method: 'DELETE',
		path: '/api/v1/events/:eventId/decisions/:delDecisionId',
		route: 'api/v1/events/[eventId=id]/decisions/[decisionId=id]',
		kind: 'api',
		need: 'award.edit',
		fresh: { id: ':delDecisionId', probe: '/api/v1/events/:eventId/decisions/:delDecisionId' }
	},
	{ method: 'POST', path: '/api/v1/events/:eventId/decisions/:decisionId/awards', route: 'api/v1/events/[eventId=id]/decisions/[decisionId=id]/awards', kind: 'api', need: 'award.edit', body: { kind: 'collective', name: 'Tập thể thử quyền' } },
	{ method: 'POST', path: '/api/v1/events/:eventId/decisions/:decisionId/recompute', route: 'api/v1/events/[eventId=id]/decisions/[decisionId=id]/recompute', kind: 'api', need: 'award.edit' },
	{ method: 'POST', path: '/api/v1/events/:eventId/decisions/import', route: 'api/v1/events/[eventId=id]/decisions/import', kind: 'api', need: 'award.edit', body: {} },
	{ method: 'GET', path: '/api/v1/events/:eventId/awards', route: 'api/v1/events/[eventId=id]/awards', kind: 'api', need: 'award.view' },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/awards/:awardId', route: 'api/v1/events/[eventId=id]/awards/[awardId=id]', kind: 'api', need: 'award.edit', body: { notes: 'Ghi chú thử quyền' } },
	{
		method: 'DELETE',
		path: '/api/v1/events/:eventId/awards/:delAwardId',
		route: 'api/v1/events/[eventId=id]/awards/[awardId=id]',
		kind: 'api',
		need: 'award.edit',
		fresh: { id: ':delAwardId', probe: '/api/v1/events/:eventId/awards', list: 'awards' }
	},
	{ method: 'POST', path: '/api/v1/events/:eventId/awards/prize', route: 'api/v1/events/[eventId=id]/awards/prize', kind: 'api', need: 'award.view', body: { decisionDate: '2025-08-19', formId: ':formId', kind: 'individual' } },
	{ method: 'GET', path: '/api/v1/events/:eventId/awards/totals', route: 'api/v1/events/[eventId=id]/awards/totals', kind: 'api', need: 'award.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/awards/forms', route: 'api/v1/events/[eventId=id]/awards/forms', kind: 'api', need: 'award.view' },
	// a valid body, so an allowed role really adds a form (of its own name: 201); refused roles get 403/404
	// before their body is read (permission-first.test.ts)
	{ method: 'POST', path: '/api/v1/events/:eventId/awards/forms', route: 'api/v1/events/[eventId=id]/awards/forms', kind: 'api', need: 'award.edit', body: { name: 'Giấy khen thử quyền :caller' } },
	{ method: 'GET', path: '/api/v1/events/:eventId/awards/rules', route: 'api/v1/events/[eventId=id]/awards/rules', kind: 'api', need: 'award.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/batches', route: 'api/v1/events/[eventId=id]/batches', kind: 'api', need: 'programme.view' },
	{ method: 'PUT', path: '/api/v1/events/:eventId/batches', route: 'api/v1/events/[eventId=id]/batches', kind: 'api', need: 'award.edit', body: { batches: [{ id: ':batchId', awardIds: [':awardId'] }] } },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/batches/:batchId', route: 'api/v1/events/[eventId=id]/batches/[batchId=id]', kind: 'api', need: 'award.edit', body: { title: 'Đợt thử quyền' } },
	{ method: 'POST', path: '/api/v1/events/:eventId/batches/stage', route: 'api/v1/events/[eventId=id]/batches/stage', kind: 'api', need: 'programme.edit', body: { move: 'reset' } },
	// regenerates the batches (new ids): after every case that uses :batchId
	{ method: 'POST', path: '/api/v1/events/:eventId/batches', route: 'api/v1/events/[eventId=id]/batches', kind: 'api', need: 'award.edit', body: {} },
	{ method: 'GET', path: '/api/v1/events/:eventId/certificates', route: 'api/v1/events/[eventId=id]/certificates', kind: 'api', need: 'award.view' },
	{ method: 'PUT', path: '/api/v1/events/:eventId/certificates', route: 'api/v1/events/[eventId=id]/certificates', kind: 'api', need: 'certificate.print', body: { options: { registerLabel: 'Số vào sổ' } } },
	{ method: 'GET', path: '/api/v1/events/:eventId/certificates/pdf?kind=calibration', route: 'api/v1/events/[eventId=id]/certificates/pdf', kind: 'api', need: 'certificate.print' },
	{ method: 'GET', path: '/events', route: '(staff)/events', kind: 'page', need: 'signed-in' },
	{ method: 'GET', path: '/events/new', route: '(staff)/events/new', kind: 'page', need: 'event.edit' },
	{ method: 'GET', path: '/events/:eventId', route: '(staff)/events/[eventId=id]', kind: 'page', need: 'event.view' },
	{ method: 'GET', path: '/events/:eventId/settings', route: '(staff)/events/[eventId=id]/settings', kind: 'page', need: 'event.view' },
	{ method: 'GET', path: '/events/:eventId/audit', route: '(staff)/events/[eventId=id]/audit', kind: 'page', need: 'audit.view' },
	{ method: 'GET', path: '/admin', route: '(staff)/admin', kind: 'page', need: 'org-admin' },
	{ method: 'GET', path: '/admin/organisations/:orgId', route: '(staff)/admin/organisations/[orgId=id]', kind: 'page', need: 'org.manage' },
	{ method: 'GET', path: '/account', route: '(staff)/account', kind: 'page', need: 'signed-in' },
	{ method: 'GET', path: '/login', route: 'login', kind: 'page', need: 'public' },
	{ method: 'GET', path: '/setup', route: 'setup', kind: 'page', need: 'public' },
	{ method: 'GET', path: '/logout', route: 'logout', kind: 'page', need: 'public' },
	{ method: 'GET', path: '/', route: '', kind: 'page', need: 'public' },
	{ method: 'GET', path: '/api/v1/openapi.json', route: 'api/v1/openapi.json', kind: 'api', need: 'public' },
	{ method: 'GET', path: '/api/v1/me', route: 'api/v1/me', kind: 'api', need: 'signed-in' },
	{ method: 'GET', path: '/api/v1/events', route: 'api/v1/events', kind: 'api', need: 'signed-in' },
	{
		method: 'POST',
		path: '/api/v1/events',
		route: 'api/v1/events',
		kind: 'api',
		need: 'event.edit',
		body: { organisationId: ':orgId', kind: 'so_ket', title: 'Hội nghị thử quyền', startsAt: '2026-05-05T07:30' }
	},
	{ method: 'GET', path: '/api/v1/events/:eventId', route: 'api/v1/events/[eventId=id]', kind: 'api', need: 'event.view' },
	{ method: 'PATCH', path: '/api/v1/events/:eventId', route: 'api/v1/events/[eventId=id]', kind: 'api', need: 'event.edit', body: { venue: 'Hội trường A' } },
	{ method: 'POST', path: '/api/v1/events/:eventId/archive', route: 'api/v1/events/[eventId=id]/archive', kind: 'api', need: 'event.edit', body: { archived: false } },
	{ method: 'GET', path: '/api/v1/events/:eventId/tiers', route: 'api/v1/events/[eventId=id]/tiers', kind: 'api', need: 'event.view' },
	// delegates (issue 3): :dlgId, :dlgTier, :importId come from delegates-matrix.ts. Writes that an allowed
	// role repeats meet a state, not a permission (the second POST is a duplicate: 409; the commit of an
	// import already committed: 409; an order that does not list the tier: 409). The DELETEs act on each
	// caller's own delegate and uploaded list (fresh-matrix.ts).
	{ method: 'GET', path: '/events/:eventId/delegates', route: '(staff)/events/[eventId=id]/delegates', kind: 'page', need: 'delegate.view' },
	{ method: 'GET', path: '/events/:eventId/delegates/new', route: '(staff)/events/[eventId=id]/delegates/new', kind: 'page', need: 'delegate.edit' },
	{ method: 'GET', path: '/events/:eventId/delegates/:dlgId', route: '(staff)/events/[eventId=id]/delegates/[delegateId=id]', kind: 'page', need: 'delegate.view' },
	{ method: 'GET', path: '/events/:eventId/delegates/import', route: '(staff)/events/[eventId=id]/delegates/import', kind: 'page', need: 'delegate.edit' },
	{ method: 'GET', path: '/events/:eventId/delegates/import?id=:importId', route: '(staff)/events/[eventId=id]/delegates/import', kind: 'page', need: 'delegate.edit' },
	{ method: 'GET', path: '/events/:eventId/delegates/order', route: '(staff)/events/[eventId=id]/delegates/order', kind: 'page', need: 'delegate.view' },
	{ method: 'GET', path: '/events/:eventId/delegates/seating', route: '(staff)/events/[eventId=id]/delegates/seating', kind: 'page', need: 'delegate.view' },
	{ method: 'GET', path: '/events/:eventId/delegates/seating/plan.pdf', route: '(staff)/events/[eventId=id]/delegates/seating/plan.pdf', kind: 'page', need: 'delegate.view' },
	{ method: 'GET', path: '/events/:eventId/delegates/seating/name-cards.pdf', route: '(staff)/events/[eventId=id]/delegates/seating/name-cards.pdf', kind: 'page', need: 'delegate.view' },
	{ method: 'GET', path: '/events/:eventId/delegates/print', route: '(staff)/events/[eventId=id]/delegates/print', kind: 'page', need: 'delegate.view' },
	{ method: 'GET', path: '/events/:eventId/delegates/export.xlsx', route: '(staff)/events/[eventId=id]/delegates/export.xlsx', kind: 'page', need: 'delegate.view' },
	{ method: 'GET', path: '/events/:eventId/delegates/list.pdf', route: '(staff)/events/[eventId=id]/delegates/list.pdf', kind: 'page', need: 'delegate.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/delegates', route: 'api/v1/events/[eventId=id]/delegates', kind: 'api', need: 'delegate.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/delegates/summary', route: 'api/v1/events/[eventId=id]/delegates/summary', kind: 'api', need: 'delegate.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/delegates', route: 'api/v1/events/[eventId=id]/delegates', kind: 'api', need: 'delegate.edit', body: { tierId: ':dlgTier', fullName: 'Phạm Văn Thử Quyền', position: 'Chuyên viên', unit: 'Sở Nội vụ' } },
	{ method: 'GET', path: '/api/v1/events/:eventId/delegates/:dlgId', route: 'api/v1/events/[eventId=id]/delegates/[delegateId=id]', kind: 'api', need: 'delegate.view' },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/delegates/:dlgId', route: 'api/v1/events/[eventId=id]/delegates/[delegateId=id]', kind: 'api', need: 'delegate.edit', body: { notes: 'Ghi chú thử quyền' } },
	{ method: 'PUT', path: '/api/v1/events/:eventId/delegates/order', route: 'api/v1/events/[eventId=id]/delegates/order', kind: 'api', need: 'delegate.edit', body: { tierId: ':dlgTier', delegateIds: [] } },
	{ method: 'POST', path: '/api/v1/events/:eventId/delegates/imports?filename=x.csv', route: 'api/v1/events/[eventId=id]/delegates/imports', kind: 'api', need: 'delegate.edit', body: { not: 'a list' } },
	{ method: 'GET', path: '/api/v1/events/:eventId/delegates/imports/:importId', route: 'api/v1/events/[eventId=id]/delegates/imports/[importId]', kind: 'api', need: 'delegate.edit' },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/delegates/imports/:importId', route: 'api/v1/events/[eventId=id]/delegates/imports/[importId]', kind: 'api', need: 'delegate.edit', body: { options: { matched: 'skip' } } },
	{ method: 'POST', path: '/api/v1/events/:eventId/delegates/imports/:importId/commit', route: 'api/v1/events/[eventId=id]/delegates/imports/[importId]/commit', kind: 'api', need: 'delegate.edit', body: {} },
	{
		method: 'DELETE',
		path: '/api/v1/events/:eventId/delegates/imports/:delImportId',
		route: 'api/v1/events/[eventId=id]/delegates/imports/[importId]',
		kind: 'api',
		need: 'delegate.edit',
		fresh: { id: ':delImportId', probe: '/api/v1/events/:eventId/delegates/imports/:delImportId' }
	},
	{
		method: 'DELETE',
		path: '/api/v1/events/:eventId/delegates/:delDelegateId',
		route: 'api/v1/events/[eventId=id]/delegates/[delegateId=id]',
		kind: 'api',
		need: 'delegate.edit',
		fresh: { id: ':delDelegateId', probe: '/api/v1/events/:eventId/delegates/:delDelegateId', goneWhen: { field: 'status', equals: 'cancelled' } }
	},
	// check-in (issue 4): refusals of a scan are answers (200 with a result code); undo of a delegate with no
	// check-in is 409; the walk-in body is deliberately incomplete (400)
	{ method: 'GET', path: '/events/:eventId/checkin', route: '(staff)/events/[eventId=id]/checkin', kind: 'page', need: 'checkin.view' },
	{ method: 'GET', path: '/events/:eventId/checkin/scan', route: '(staff)/events/[eventId=id]/checkin/scan', kind: 'page', need: 'checkin.scan' },
	{ method: 'GET', path: '/events/:eventId/checkin/attendance', route: '(staff)/events/[eventId=id]/checkin/attendance', kind: 'page', need: 'checkin.view' },
	{ method: 'GET', path: '/events/:eventId/checkin/report', route: '(staff)/events/[eventId=id]/checkin/report', kind: 'page', need: 'checkin.view' },
	{ method: 'GET', path: '/events/:eventId/checkin/report.pdf', route: '(staff)/events/[eventId=id]/checkin/report.pdf', kind: 'page', need: 'checkin.view' },
	{ method: 'GET', path: '/events/:eventId/checkin/report.xlsx', route: '(staff)/events/[eventId=id]/checkin/report.xlsx', kind: 'page', need: 'checkin.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/checkin/scan', route: 'api/v1/events/[eventId=id]/checkin/scan', kind: 'api', need: 'checkin.scan', body: { token: 'khong-phai-ma', nonce: 'matrix-nonce-0001', deviceId: 'matrix-device-01' } },
	{ method: 'POST', path: '/api/v1/events/:eventId/checkin/manual', route: 'api/v1/events/[eventId=id]/checkin/manual', kind: 'api', need: 'checkin.scan', body: { delegateId: 999999, nonce: 'matrix-nonce-0002', deviceId: 'matrix-device-01' } },
	{ method: 'POST', path: '/api/v1/events/:eventId/checkin/undo', route: 'api/v1/events/[eventId=id]/checkin/undo', kind: 'api', need: 'checkin.scan', body: { delegateId: 999999 } },
	{ method: 'POST', path: '/api/v1/events/:eventId/checkin/sync', route: 'api/v1/events/[eventId=id]/checkin/sync', kind: 'api', need: 'checkin.scan', body: { items: [] } },
	{ method: 'POST', path: '/api/v1/events/:eventId/checkin/walk-ins', route: 'api/v1/events/[eventId=id]/checkin/walk-ins', kind: 'api', need: 'checkin.scan', body: {} },
	{ method: 'GET', path: '/api/v1/events/:eventId/checkin/counts', route: 'api/v1/events/[eventId=id]/checkin/counts', kind: 'api', need: 'checkin.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/checkin/roster', route: 'api/v1/events/[eventId=id]/checkin/roster', kind: 'api', need: 'checkin.scan' },
	{ method: 'GET', path: '/api/v1/events/:eventId/checkin/stream', route: 'api/v1/events/[eventId=id]/checkin/stream', kind: 'api', need: 'checkin.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/checkin/attendance', route: 'api/v1/events/[eventId=id]/checkin/attendance', kind: 'api', need: 'checkin.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/checkin/refused', route: 'api/v1/events/[eventId=id]/checkin/refused', kind: 'api', need: 'checkin.view' },
	{ method: 'PUT', path: '/api/v1/events/:eventId/checkin/marks', route: 'api/v1/events/[eventId=id]/checkin/marks', kind: 'api', need: 'checkin.manage', body: { marks: [] } },
	// invitations, replies, outbox (issue 3): letters and mail carry personal links, so they need invitation.send;
	// statuses and replies are readable with delegate.view. The reply page is public (the token is the key).
	{ method: 'GET', path: '/events/:eventId/invitations', route: '(staff)/events/[eventId=id]/invitations', kind: 'page', need: 'delegate.view' },
	{ method: 'GET', path: '/events/:eventId/invitations/stream', route: '(staff)/events/[eventId=id]/invitations/stream', kind: 'page', need: 'delegate.view' },
	{ method: 'GET', path: '/events/:eventId/invitations/letter', route: '(staff)/events/[eventId=id]/invitations/letter', kind: 'page', need: 'invitation.send' },
	{ method: 'GET', path: '/events/:eventId/invitations/reminders', route: '(staff)/events/[eventId=id]/invitations/reminders', kind: 'page', need: 'invitation.send' },
	{ method: 'GET', path: '/events/:eventId/invitations/pdf?filter=no-email', route: '(staff)/events/[eventId=id]/invitations/pdf', kind: 'page', need: 'invitation.send' },
	{ method: 'GET', path: '/events/:eventId/invitations/zip', route: '(staff)/events/[eventId=id]/invitations/zip', kind: 'page', need: 'invitation.send' },
	{ method: 'GET', path: '/events/:eventId/invitations/preview', route: '(staff)/events/[eventId=id]/invitations/preview', kind: 'page', need: 'invitation.send' },
	{ method: 'GET', path: '/events/:eventId/invitations/:delegateId', route: '(staff)/events/[eventId=id]/invitations/[delegateId=id]', kind: 'page', need: 'delegate.view' },
	{ method: 'GET', path: '/events/:eventId/invitations/:delegateId/pdf', route: '(staff)/events/[eventId=id]/invitations/[delegateId=id]/pdf', kind: 'page', need: 'invitation.send' },
	{ method: 'GET', path: '/events/:eventId/invitations/:delegateId/docx', route: '(staff)/events/[eventId=id]/invitations/[delegateId=id]/docx', kind: 'page', need: 'invitation.send' },
	{ method: 'GET', path: '/events/:eventId/invitations/docx?filter=no-email', route: '(staff)/events/[eventId=id]/invitations/docx', kind: 'page', need: 'invitation.send' },
	{ method: 'GET', path: '/events/:eventId/mail', route: '(staff)/events/[eventId=id]/mail', kind: 'page', need: 'invitation.send' },
	{ method: 'GET', path: '/events/:eventId/mail/:messageId', route: '(staff)/events/[eventId=id]/mail/[messageId=id]', kind: 'page', need: 'invitation.send' },
	{ method: 'GET', path: '/events/:eventId/mail/:messageId/attachments/1', route: '(staff)/events/[eventId=id]/mail/[messageId=id]/attachments/[index=id]', kind: 'page', need: 'invitation.send' },
	{ method: 'GET', path: '/admin/mail', route: '(staff)/admin/mail', kind: 'page', need: 'org-admin' },
	{ method: 'GET', path: '/admin/mail/:orgId', route: '(staff)/admin/mail/[orgId=id]', kind: 'page', need: 'org.manage' },
	{ method: 'GET', path: '/r/:token', route: 'r/[token=token]', kind: 'page', need: 'public' },
	{ method: 'GET', path: '/api/v1/events/:eventId/invitations', route: 'api/v1/events/[eventId=id]/invitations', kind: 'api', need: 'delegate.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/invitations/rounds', route: 'api/v1/events/[eventId=id]/invitations/rounds', kind: 'api', need: 'delegate.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/invitations/rounds', route: 'api/v1/events/[eventId=id]/invitations/rounds', kind: 'api', need: 'invitation.send', body: {} },
	{ method: 'POST', path: '/api/v1/events/:eventId/invitations/reminders', route: 'api/v1/events/[eventId=id]/invitations/reminders', kind: 'api', need: 'invitation.send', body: { replies: ['declined'] } },
	{ method: 'GET', path: '/api/v1/events/:eventId/invitations/pdf', route: 'api/v1/events/[eventId=id]/invitations/pdf', kind: 'api', need: 'invitation.send' },
	{ method: 'GET', path: '/api/v1/events/:eventId/invitations/zip?filter=no-email', route: 'api/v1/events/[eventId=id]/invitations/zip', kind: 'api', need: 'invitation.send' },
	{ method: 'GET', path: '/api/v1/events/:eventId/invitations/:delegateId/pdf', route: 'api/v1/events/[eventId=id]/invitations/[delegateId=id]/pdf', kind: 'api', need: 'invitation.send' },
	{ method: 'GET', path: '/api/v1/events/:eventId/invitations/:delegateId/docx', route: 'api/v1/events/[eventId=id]/invitations/[delegateId=id]/docx', kind: 'api', need: 'invitation.send' },
	{ method: 'GET', path: '/api/v1/events/:eventId/invitations/docx', route: 'api/v1/events/[eventId=id]/invitations/docx', kind: 'api', need: 'invitation.send' },
	{ method: 'GET', path: '/api/v1/events/:eventId/replies', route: 'api/v1/events/[eventId=id]/replies', kind: 'api', need: 'delegate.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/replies', route: 'api/v1/events/[eventId=id]/replies', kind: 'api', need: 'invitation.send', body: {} },
	{ method: 'GET', path: '/api/v1/events/:eventId/mail', route: 'api/v1/events/[eventId=id]/mail', kind: 'api', need: 'invitation.send' },
	// budget (issue 7): viewer and reception get 403 everywhere; child ids are checked after the permission and
	// the body (an allowed role gets 400 for the deliberately invalid body, never 404)
	{ method: 'GET', path: '/events/:eventId/budget', route: '(staff)/events/[eventId=id]/budget', kind: 'page', need: 'budget.view' },
	{ method: 'GET', path: '/events/:eventId/budget/sources', route: '(staff)/events/[eventId=id]/budget/sources', kind: 'page', need: 'budget.view' },
	{ method: 'GET', path: '/events/:eventId/budget/lines', route: '(staff)/events/[eventId=id]/budget/lines', kind: 'page', need: 'budget.view' },
	{ method: 'GET', path: '/events/:eventId/budget/expenses', route: '(staff)/events/[eventId=id]/budget/expenses', kind: 'page', need: 'budget.view' },
	{ method: 'GET', path: '/events/:eventId/budget/norms', route: '(staff)/events/[eventId=id]/budget/norms', kind: 'page', need: 'budget.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/budget', route: 'api/v1/events/[eventId=id]/budget', kind: 'api', need: 'budget.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/budget/sources', route: 'api/v1/events/[eventId=id]/budget/sources', kind: 'api', need: 'budget.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/budget/sources', route: 'api/v1/events/[eventId=id]/budget/sources', kind: 'api', need: 'budget.edit', body: { name: 'Nguồn thử quyền', fundType: 'other', amount: 1000 } },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/budget/sources/1', route: 'api/v1/events/[eventId=id]/budget/sources/[sourceId=id]', kind: 'api', need: 'budget.edit', body: { amount: 'x' } },
	{
		method: 'DELETE',
		path: '/api/v1/events/:eventId/budget/sources/:delSourceId',
		route: 'api/v1/events/[eventId=id]/budget/sources/[sourceId=id]',
		kind: 'api',
		need: 'budget.edit',
		fresh: { id: ':delSourceId', probe: '/api/v1/events/:eventId/budget/sources', list: 'sources' }
	},
	{ method: 'GET', path: '/api/v1/events/:eventId/budget/lines', route: 'api/v1/events/[eventId=id]/budget/lines', kind: 'api', need: 'budget.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/budget/lines', route: 'api/v1/events/[eventId=id]/budget/lines', kind: 'api', need: 'budget.edit', body: { category: 'hall' } },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/budget/lines/1', route: 'api/v1/events/[eventId=id]/budget/lines/[lineId=id]', kind: 'api', need: 'budget.edit', body: { quantity: 'x' } },
	{
		method: 'DELETE',
		path: '/api/v1/events/:eventId/budget/lines/:delLineId',
		route: 'api/v1/events/[eventId=id]/budget/lines/[lineId=id]',
		kind: 'api',
		need: 'budget.edit',
		fresh: { id: ':delLineId', probe: '/api/v1/events/:eventId/budget/lines', list: 'lines' }
	},
	{ method: 'POST', path: '/api/v1/events/:eventId/budget/recompute', route: 'api/v1/events/[eventId=id]/budget/recompute', kind: 'api', need: 'budget.edit', body: {} },
	{ method: 'GET', path: '/api/v1/events/:eventId/budget/expenses', route: 'api/v1/events/[eventId=id]/budget/expenses', kind: 'api', need: 'budget.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/budget/expenses', route: 'api/v1/events/[eventId=id]/budget/expenses', kind: 'api', need: 'budget.edit', body: { amount: 1 } },
	{ method: 'POST', path: '/api/v1/events/:eventId/budget/expenses/1/reversal', route: 'api/v1/events/[eventId=id]/budget/expenses/[expenseId=id]/reversal', kind: 'api', need: 'budget.edit', body: {} },
	{ method: 'PUT', path: '/api/v1/events/:eventId/budget/expenses/1/receipt', route: 'api/v1/events/[eventId=id]/budget/expenses/[expenseId=id]/receipt', kind: 'api', need: 'budget.edit' },
	{ method: 'GET', path: '/api/v1/events/:eventId/budget/expenses/:receiptExpenseId/receipt', route: 'api/v1/events/[eventId=id]/budget/expenses/[expenseId=id]/receipt', kind: 'api', need: 'budget.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/budget/exports/quyet-toan.xlsx', route: 'api/v1/events/[eventId=id]/budget/exports/[file]', kind: 'api', need: 'budget.view' },
	{ method: 'GET', path: '/api/v1/organisations/:orgId/norms', route: 'api/v1/organisations/[orgId=id]/norms', kind: 'api', need: 'budget.view' },
	{ method: 'POST', path: '/api/v1/organisations/:orgId/norms', route: 'api/v1/organisations/[orgId=id]/norms', kind: 'api', need: 'budget.edit', body: { category: 'hall', name: '' } },
	{ method: 'PATCH', path: '/api/v1/organisations/:orgId/norms/1', route: 'api/v1/organisations/[orgId=id]/norms/[normId=id]', kind: 'api', need: 'budget.edit', body: { maxAmount: 'x' } },
	{ method: 'POST', path: '/api/v1/organisations/:orgId/norms/seed', route: 'api/v1/organisations/[orgId=id]/norms/seed', kind: 'api', need: 'budget.edit', body: {} },
	// tham luận (issue 5): writes send a deliberately invalid body (an allowed role gets 400/415, never 404);
	// :submissionId, :versionId, :unitId, :unitToken, :unitVersionId come from submissions-matrix.ts
	{ method: 'GET', path: '/events/:eventId/submissions', route: '(staff)/events/[eventId=id]/submissions', kind: 'page', need: 'submission.view' },
	{ method: 'GET', path: '/events/:eventId/submissions/call', route: '(staff)/events/[eventId=id]/submissions/call', kind: 'page', need: 'submission.view' },
	{ method: 'GET', path: '/events/:eventId/submissions/documents', route: '(staff)/events/[eventId=id]/submissions/documents', kind: 'page', need: 'submission.view' },
	{ method: 'GET', path: '/events/:eventId/submissions/booklet', route: '(staff)/events/[eventId=id]/submissions/booklet', kind: 'page', need: 'submission.view' },
	{ method: 'GET', path: '/events/:eventId/submissions/booklet/file', route: '(staff)/events/[eventId=id]/submissions/booklet/file', kind: 'page', need: 'submission.view' },
	{ method: 'GET', path: '/events/:eventId/submissions/:submissionId', route: '(staff)/events/[eventId=id]/submissions/[submissionId=id]', kind: 'page', need: 'submission.view' },
	{ method: 'GET', path: '/events/:eventId/submissions/:submissionId/versions/:versionId', route: '(staff)/events/[eventId=id]/submissions/[submissionId=id]/versions/[versionId=id]', kind: 'page', need: 'submission.view' },
	{ method: 'GET', path: '/u/:unitToken', route: 'u/[token=token]', kind: 'page', need: 'public' },
	{ method: 'GET', path: '/u/:unitToken/versions/:unitVersionId', route: 'u/[token=token]/versions/[versionId=id]', kind: 'page', need: 'public' },
	{ method: 'GET', path: '/api/v1/events/:eventId/submissions', route: 'api/v1/events/[eventId=id]/submissions', kind: 'api', need: 'submission.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/submissions', route: 'api/v1/events/[eventId=id]/submissions', kind: 'api', need: 'submission.review', body: { kind: 'khong-co' } },
	{ method: 'GET', path: '/api/v1/events/:eventId/submissions/summary', route: 'api/v1/events/[eventId=id]/submissions/summary', kind: 'api', need: 'submission.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/submissions/presented', route: 'api/v1/events/[eventId=id]/submissions/presented', kind: 'api', need: 'submission.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/submissions/call', route: 'api/v1/events/[eventId=id]/submissions/call', kind: 'api', need: 'submission.view' },
	{ method: 'PUT', path: '/api/v1/events/:eventId/submissions/call', route: 'api/v1/events/[eventId=id]/submissions/call', kind: 'api', need: 'submission.review', body: { deadline: 'x' } },
	{ method: 'GET', path: '/api/v1/events/:eventId/submissions/units', route: 'api/v1/events/[eventId=id]/submissions/units', kind: 'api', need: 'submission.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/submissions/units', route: 'api/v1/events/[eventId=id]/submissions/units', kind: 'api', need: 'submission.review', body: { units: 'x' } },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/submissions/units/:unitId', route: 'api/v1/events/[eventId=id]/submissions/units/[unitId=id]', kind: 'api', need: 'submission.review', body: { name: '' } },
	{
		method: 'DELETE',
		path: '/api/v1/events/:eventId/submissions/units/:delUnitId',
		route: 'api/v1/events/[eventId=id]/submissions/units/[unitId=id]',
		kind: 'api',
		need: 'submission.review',
		fresh: { id: ':delUnitId', probe: '/api/v1/events/:eventId/submissions/units', list: 'units' }
	},
	{ method: 'POST', path: '/api/v1/events/:eventId/submissions/units/:unitId/links', route: 'api/v1/events/[eventId=id]/submissions/units/[unitId=id]/links', kind: 'api', need: 'submission.review', body: { revokeOthers: 'x' } },
	{ method: 'POST', path: '/api/v1/events/:eventId/submissions/units/:unitId/reopen', route: 'api/v1/events/[eventId=id]/submissions/units/[unitId=id]/reopen', kind: 'api', need: 'submission.review', body: {} },
	{ method: 'POST', path: '/api/v1/events/:eventId/submissions/reminders', route: 'api/v1/events/[eventId=id]/submissions/reminders', kind: 'api', need: 'submission.review', body: { round: '!' } },
	{ method: 'PUT', path: '/api/v1/events/:eventId/submissions/order', route: 'api/v1/events/[eventId=id]/submissions/order', kind: 'api', need: 'submission.review', body: {} },
	{ method: 'GET', path: '/api/v1/events/:eventId/submissions/:submissionId', route: 'api/v1/events/[eventId=id]/submissions/[submissionId=id]', kind: 'api', need: 'submission.view' },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/submissions/:submissionId', route: 'api/v1/events/[eventId=id]/submissions/[submissionId=id]', kind: 'api', need: 'submission.review', body: {} },
	{ method: 'GET', path: '/api/v1/events/:eventId/submissions/:submissionId/versions', route: 'api/v1/events/[eventId=id]/submissions/[submissionId=id]/versions', kind: 'api', need: 'submission.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/submissions/:submissionId/versions', route: 'api/v1/events/[eventId=id]/submissions/[submissionId=id]/versions', kind: 'api', need: 'submission.review', body: { not: 'a file' } },
	{ method: 'GET', path: '/api/v1/events/:eventId/submissions/:submissionId/versions/:versionId', route: 'api/v1/events/[eventId=id]/submissions/[submissionId=id]/versions/[versionId=id]', kind: 'api', need: 'submission.view' },
	{ method: 'GET', path: '/api/v1/events/:eventId/submissions/:submissionId/reviews', route: 'api/v1/events/[eventId=id]/submissions/[submissionId=id]/reviews', kind: 'api', need: 'submission.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/submissions/:submissionId/reviews', route: 'api/v1/events/[eventId=id]/submissions/[submissionId=id]/reviews', kind: 'api', need: 'submission.review', body: {} },
	{ method: 'GET', path: '/api/v1/events/:eventId/submissions/booklet', route: 'api/v1/events/[eventId=id]/submissions/booklet', kind: 'api', need: 'submission.view' },
	{ method: 'POST', path: '/api/v1/events/:eventId/submissions/booklet', route: 'api/v1/events/[eventId=id]/submissions/booklet', kind: 'api', need: 'submission.review', body: {} },
	{ method: 'GET', path: '/api/v1/events/:eventId/submissions/booklet/file', route: 'api/v1/events/[eventId=id]/submissions/booklet/file', kind: 'api', need: 'submission.view' },
	{ method: 'PUT', path: '/api/v1/events/:eventId/tiers', route: 'api/v1/events/[eventId=id]/tiers', kind: 'api', need: 'event.edit', body: ':tiers' }
];
