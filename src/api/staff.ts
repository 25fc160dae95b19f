import { request } from './client';

/**
 * Who the signed-in account is as staff (mock/openapi.yaml, tag "staff"): its roles and scopes.
 * Kept apart from the other staff modules: 我的 (main package) imports this one only.
 */

export type StaffRole = 'city' | 'district' | 'keeper' | 'clinic';

/** One role held over one scope; `scope.name` is the district, station or health station name (null for city). */
export interface StaffMember {
  id: string;
  role: StaffRole;
  displayName: string;
  scope: { districtCode: string | null; stationId: string | null; healthStationId: string | null; name: string | null };
  suspendedAt?: string | null;
}

/** GET /staff/me: the roles in force (empty for an account that is not staff). */
export const fetchStaffMe = () => request<{ isWorker: boolean; roles: StaffMember[] }>('GET', '/staff/me');
