import {
  CreateOrganizationRequest,
  ListOrganizationsQuery,
  OrganizationPage,
  OrganizationResource,
  SpecialtyList,
  UpdateOrganizationRequest,
} from '../directory';
import { PageQuery } from '../page';
import {
  CreatePractitionerRequest,
  CreatePractitionerRoleRequest,
  PractitionerResource,
  PractitionerRoleResource,
  PractitionerSearchPage,
  SearchPractitionersQuery,
  UpdatePractitionerRequest,
  UpdatePractitionerRoleRequest,
} from '../practitioners';
import { routeGroup } from './route-declaration';

const PMDC_TAKEN = { status: 409, description: 'The PMDC number is registered already' };

/** The directory's public routes: specialties, organizations, practitioners and their roles. */
export const DIRECTORY_ROUTES = routeGroup({
  name: 'directory',
  tag: 'directory',
  upstream: 'directory',
  routes: {
    specialties: {
      method: 'GET',
      path: 'v1/specialties',
      query: PageQuery,
      answer: { status: 200, type: SpecialtyList },
      problems: [422],
      summary: 'The specialties',
      description:
        'Any authenticated caller. Codes with names in English and Urdu, by code, a page at a time (`limit`, `cursor`: the `nextCursor` of the previous page).',
    },
    createOrganization: {
      method: 'POST',
      path: 'v1/organizations',
      roles: ['admin'],
      body: CreateOrganizationRequest,
      answer: { status: 201, type: OrganizationResource },
      idempotency: 'optional',
      problems: [400, 409, 413, 415, 422],
      summary: 'Register an organization',
      description: 'Role `admin`. A clinic, hospital or partner.',
    },
    listOrganizations: {
      method: 'GET',
      path: 'v1/organizations',
      roles: ['admin'],
      query: ListOrganizationsQuery,
      answer: { status: 200, type: OrganizationPage },
      problems: [400, 422],
      summary: 'List organizations',
      description: 'Role `admin`.',
    },
    getOrganization: {
      method: 'GET',
      path: 'v1/organizations/:id',
      answer: { status: 200, type: OrganizationResource },
      problems: [400, 404],
      summary: 'Read an organization',
      description: 'Role `admin`, or a member of the organization.',
    },
    updateOrganization: {
      method: 'PATCH',
      path: 'v1/organizations/:id',
      roles: ['admin'],
      body: UpdateOrganizationRequest,
      answer: { status: 200, type: OrganizationResource },
      problems: [400, 404, 413, 415, 422],
      summary: 'Change an organization',
      description: 'Role `admin`.',
    },
    createPractitioner: {
      method: 'POST',
      path: 'v1/practitioners',
      roles: ['admin'],
      body: CreatePractitionerRequest,
      answer: { status: 201, type: PractitionerResource },
      idempotency: 'optional',
      problems: [400, PMDC_TAKEN, 413, 415, 422],
      summary: 'Register a practitioner',
      description: 'Role `admin`. The PMDC registration number is unique (trimmed, upper-cased).',
    },
    searchPractitioners: {
      method: 'GET',
      path: 'v1/practitioners',
      roles: ['coordinator', 'clinician', 'admin'],
      query: SearchPractitionersQuery,
      answer: { status: 200, type: PractitionerSearchPage },
      problems: [400, 422],
      summary: 'Search specialists who could take a case',
      description:
        'Roles `coordinator`, `clinician`, `admin`. Eligible roles only: active, licence valid, in the specialty, speaking the language, and with `available=true` inside an availability window now (Asia/Karachi).',
    },
    getPractitioner: {
      method: 'GET',
      path: 'v1/practitioners/:id',
      // Any role may be the practitioner themself; `contact-reader` is the notifications service.
      roles: ['admin', 'coordinator', 'clinician', 'specialist', 'partner', 'contact-reader'],
      answer: { status: 200, type: PractitionerResource },
      problems: [400, 404],
      summary: 'Read a practitioner',
      description:
        "Role `admin`; a `coordinator` of the practitioner's organization; the practitioner themself; `contact-reader` (the notifications service, for phone, email and languages) any practitioner.",
    },
    updatePractitioner: {
      method: 'PATCH',
      path: 'v1/practitioners/:id',
      roles: ['admin', 'coordinator'],
      body: UpdatePractitionerRequest,
      answer: { status: 200, type: PractitionerResource },
      problems: [400, 404, PMDC_TAKEN, 413, 415, 422],
      summary: 'Change a practitioner',
      description: "Role `admin`; a `coordinator` of the practitioner's organization.",
    },
    addRole: {
      method: 'POST',
      path: 'v1/practitioners/:id/roles',
      roles: ['admin'],
      body: CreatePractitionerRoleRequest,
      answer: { status: 201, type: PractitionerRoleResource },
      idempotency: 'optional',
      problems: [400, 404, 413, 415, 422],
      summary: 'Give a practitioner a specialty role',
      description: 'Role `admin`. Specialty, organization, capacity and weekly availability (Asia/Karachi).',
    },
    updateRole: {
      method: 'PATCH',
      path: 'v1/practitioners/:id/roles/:roleId',
      // Any role may be the practitioner themself; otherwise only an admin.
      roles: ['admin', 'coordinator', 'clinician', 'specialist', 'partner'],
      body: UpdatePractitionerRoleRequest,
      answer: { status: 200, type: PractitionerRoleResource },
      problems: [400, 404, 413, 415, 422],
      summary: "Change a practitioner's role",
      description: 'Role `admin`, or the practitioner themself: capacity, availability, active.',
    },
  },
});
