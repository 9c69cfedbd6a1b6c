/**
 * The org of a hint as QR codes (and the use cases that borrowed it: menus, templates, materials, auto replies,
 * subscriptions) take it: one door for every use case, relay/signed-services/org-of-hint.ts.
 */
export { registryOrgs, type OrgAccess, type OrgDirectory } from '../signed-services/org-of-hint.js';
