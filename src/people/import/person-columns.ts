/**
 * The person fields a CSV column can fill, the header names HR systems commonly give them,
 * and presets for exports whose headers are known: BambooHR's employee directory, a Workday
 * "Worker Data" custom report, the CSV Microsoft's Entra ID inbound provisioning samples
 * use, and the people exports of HiBob and Personio.
 */

export const PERSON_FIELDS = [
  'employeeId',
  'fullName',
  'firstName',
  'lastName',
  'email',
  'phone',
  'country',
  'timezone',
  'locale',
  'title',
  'department',
  'division',
  'costCenter',
  'organization',
  'location',
  'managerEmail',
  'managerEmployeeId',
  'hireDate',
  'terminationDate',
  'status',
  'preferredChannel',
  'slackUserId',
  'teamsUserId',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

/** Header names, best first: when two headers match, the one with the earlier name wins. */
export const GENERIC_ALIASES: Readonly<Record<PersonField, readonly string[]>> = {
  employeeId: ['employee id', 'employee number', 'employee no', 'worker id', 'external id'],
  fullName: ['full name', 'name', 'employee name', 'display name'],
  firstName: ['first name', 'given name'],
  lastName: ['last name', 'surname', 'family name'],
  email: ['work email', 'email', 'e-mail', 'email address', 'work email address'],
  phone: ['mobile phone', 'mobile', 'phone', 'phone number', 'mobile number', 'cell phone'],
  country: ['country', 'country code'],
  timezone: ['timezone', 'time zone', 'tz'],
  locale: ['locale', 'language', 'preferred language'],
  title: ['job title', 'title', 'role', 'position'],
  department: ['department', 'team', 'team name', 'dept'],
  division: ['division'],
  costCenter: ['cost center', 'cost centre'],
  organization: ['company', 'organization', 'organisation'],
  location: ['location', 'office', 'site', 'city'],
  managerEmail: ['manager email', 'supervisor email', 'manager e-mail'],
  managerEmployeeId: ['manager id', 'manager employee id', 'supervisor id', 'reports to id'],
  hireDate: ['hire date', 'start date', 'date hired'],
  terminationDate: ['termination date', 'end date', 'leave date', 'last day'],
  status: ['status', 'employment status', 'employee status', 'worker status'],
  preferredChannel: ['channel', 'preferred channel'],
  slackUserId: ['slack id', 'slack user id', 'slack member id'],
  teamsUserId: ['teams id', 'teams user id'],
};

/** "E-mail", "Work_Email" and "work email" all reduce to the same key. */
export const headerKey = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** In exports whose columns the admin picks, only the email and the name must be there. */
const OPTIONAL_IN_CHOSEN_EXPORTS = PERSON_FIELDS.filter(
  (field) => !['email', 'firstName', 'lastName'].includes(field),
);

export const PRESET_NAMES = ['bamboohr', 'workday', 'entra', 'hibob', 'personio'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface ColumnPreset {
  description: string;
  columns: Partial<Record<PersonField, string>>;
  /** Columns kept as custom fields, usable in cohort rules as custom.<name>. */
  customFields: Record<string, string>;
  /** Cell values meaning "no date". */
  nullDates: string[];
  /**
   * Fields whose column an export may leave out, because the system lets the admin choose
   * the exported columns; the others must be in the file.
   */
  optionalFields?: PersonField[];
}

export const PRESETS: Readonly<Record<PresetName, ColumnPreset>> = {
  bamboohr: {
    description: 'BambooHR employee directory export',
    columns: {
      employeeId: 'employeeNumber',
      firstName: 'firstName',
      lastName: 'lastName',
      email: 'workEmail',
      phone: 'mobilePhone',
      country: 'country',
      title: 'jobTitle',
      department: 'department',
      division: 'division',
      location: 'location',
      managerEmail: 'supervisorEmail',
      hireDate: 'hireDate',
      terminationDate: 'terminationDate',
      status: 'status',
    },
    customFields: {},
    // BambooHR writes an empty date as 0000-00-00.
    nullDates: ['0000-00-00'],
  },
  workday: {
    description: 'Workday "Worker Data" custom report',
    columns: {
      employeeId: 'Employee_ID',
      fullName: 'Full_Name',
      email: 'Email',
      managerEmployeeId: 'Manager_ID',
      department: 'Team_Name',
      location: 'Location',
      hireDate: 'Start_Date',
      terminationDate: 'Termination_Date',
    },
    customFields: { teamId: 'Team_ID' },
    nullDates: [],
  },
  entra: {
    description: 'HR CSV of Microsoft Entra ID inbound provisioning',
    columns: {
      employeeId: 'WorkerID',
      status: 'WorkerStatus',
      firstName: 'FirstName',
      lastName: 'LastName',
      fullName: 'FullName',
      managerEmployeeId: 'ManagerID',
      hireDate: 'HireDate',
      department: 'Department',
      division: 'Division',
      costCenter: 'CostCenter',
      organization: 'Company',
      location: 'City',
      country: 'CountryCode',
      title: 'JobTitle',
    },
    customFields: { workerType: 'WorkerType', region: 'Location', onLeave: 'OnLeave' },
    nullDates: [],
  },
  // Limitation: the HiBob and Personio headers are the display names of their standard
  // people fields (HiBob's work.* fields, Personio's employee attributes), not read off a
  // real export file; an export with renamed columns needs a saved mapping.
  hibob: {
    description: 'HiBob people export (People > Export to CSV)',
    columns: {
      employeeId: 'Employee ID',
      firstName: 'First name',
      lastName: 'Last name',
      fullName: 'Display name',
      email: 'Email',
      phone: 'Work mobile',
      title: 'Job title',
      department: 'Department',
      division: 'Division',
      location: 'Site',
      managerEmail: 'Reports to email',
      hireDate: 'Start date',
      terminationDate: 'Termination date',
    },
    customFields: {},
    nullDates: [],
    optionalFields: OPTIONAL_IN_CHOSEN_EXPORTS,
  },
  personio: {
    description: 'Personio employee list export',
    columns: {
      employeeId: 'ID',
      firstName: 'First name',
      lastName: 'Last name',
      email: 'Email',
      title: 'Position',
      department: 'Department',
      location: 'Office',
      costCenter: 'Cost center',
      organization: 'Subcompany',
      managerEmail: 'Supervisor email',
      hireDate: 'Hire date',
      terminationDate: 'Termination date',
      status: 'Status',
    },
    customFields: {},
    nullDates: [],
    optionalFields: OPTIONAL_IN_CHOSEN_EXPORTS,
  },
};

export function isPresetName(value: string): value is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(value);
}
