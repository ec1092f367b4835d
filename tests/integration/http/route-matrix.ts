/**
 * Every page and endpoint with the permission it needs. The permission test walks this table for each role;
 * a companion test fails when a route file exists that is not listed here, so new routes cannot skip it.
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
	/** JSON body for API writes (a function of the world when it needs ids). */
	body?: unknown;
}

export const ROUTES: RouteCase[] = [
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
	{ method: 'PUT', path: '/api/v1/events/:eventId/tiers', route: 'api/v1/events/[eventId=id]/tiers', kind: 'api', need: 'event.edit', body: ':tiers' }
];
