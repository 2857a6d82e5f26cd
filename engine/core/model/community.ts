/**
 * The population: sites (member candidates and comparison sites) of scenario-defined types, and
 * their staff in scenario-defined professional groups. Declares the `community` section of the
 * scenario and builds the initial sites and staff.
 */
import { z } from 'zod';
import { paramsFor } from '../scenario/param.ts';

const { quantity, share, choice, section } = paramsFor({ topic: 'community' });

const siteType = z
  .strictObject({
    name: z.string().min(1).max(60).meta({ title: 'Name', description: 'What this kind of site is called.' }),
    share: share({ title: 'Share of sites', description: 'Share of sites of this type (shares are normalised to sum to 1).', default: 0.5 }),
    staffMean: quantity({
      title: 'Staff per site',
      description: 'Average number of staff at a site of this type who deliver the practice.',
      unit: 'staff',
      min: 2,
      max: 100_000,
      default: 40,
      integer: true,
    }),
    status: share({ title: 'Status', description: 'Standing of this kind of site in the community (a teaching hospital is high).', default: 0.7 }),
    casesScale: quantity({
      title: 'Case volume',
      description: 'Cases per week at this type of site, relative to the challenge average.',
      unit: 'multiplier',
      min: 0.01,
      max: 100,
      default: 1,
    }),
    contextShift: quantity({
      title: 'Context shift',
      description: 'Added to the mean of every favourable context variable at sites of this type.',
      unit: 'share',
      min: -0.5,
      max: 0.5,
      default: 0,
    }),
  })
  .meta({ title: 'Site type', description: 'A kind of site, with its share, size, status and context.' });

const professionalGroup = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a name of letters, digits and _ starting with a letter')
      .max(40)
      .meta({ title: 'Name', description: 'A short identifier, used in output column names (adoption_<name>).' }),
    share: share({ title: 'Share of staff', description: 'Share of each site\'s staff in this group (normalised).', default: 0.25 }),
    practiceRole: share({
      title: 'Role in the practice',
      description: 'How much of the practice this group delivers (1 = fully involved, 0 = not at all).',
      default: 1,
    }),
    status: share({ title: 'Status', description: 'Professional status of the group, which shapes its voice.', default: 0.6 }),
    inCoreTeam: z
      .boolean()
      .default(false)
      .meta({ title: 'In the core team', description: 'Whether this group is represented in the core team.' }),
  })
  .meta({ title: 'Professional group', description: 'A professional group, with its share, role, status and voice.' });

const DEFAULT_SITE_TYPES = [
  { name: 'teaching hospital', share: 0.3, staffMean: 60, status: 1, casesScale: 1.5, contextShift: 0.05 },
  { name: 'district hospital', share: 0.5, staffMean: 40, status: 0.7, casesScale: 1, contextShift: 0 },
  { name: 'community hospital', share: 0.2, staffMean: 25, status: 0.45, casesScale: 0.6, contextShift: -0.05 },
];

const DEFAULT_GROUPS = [
  { name: 'doctor', share: 0.2, practiceRole: 1, status: 1, inCoreTeam: true },
  { name: 'nurse', share: 0.6, practiceRole: 1, status: 0.55, inCoreTeam: false },
  { name: 'allied', share: 0.15, practiceRole: 0.5, status: 0.5, inCoreTeam: false },
  { name: 'manager', share: 0.05, practiceRole: 0.3, status: 0.85, inCoreTeam: false },
];

export const communitySchema = section('Sites, staff and networks', 'Who is in the community and how they are connected.', {
  siteTypes: z
    .array(siteType)
    .min(1)
    .max(16)
    .default(DEFAULT_SITE_TYPES)
    .meta({ title: 'Site types', description: 'The kinds of site in the community and among comparison sites.' }),
  staffSpread: share({
    title: 'Spread of site size',
    description: 'Relative standard deviation of staff numbers between sites of one type.',
    default: 0.25,
  }),
  groups: z
    .array(professionalGroup)
    .min(1)
    .max(8)
    .default(DEFAULT_GROUPS)
    .meta({ title: 'Professional groups', description: 'The professions that deliver the practice (at most 8).' }),
  teamShare: share({
    title: 'Site team',
    description: 'Share of each site\'s staff in its improvement team (at least two people), who attend events and lead locally.',
    default: 0.1,
  }),
  network: section('Staff network', 'Ties between staff within a site, along which peers influence each other.', {
    kind: choice({
      title: 'Network',
      description: 'Clustered small world, random ties of the same density, or everyone influencing everyone.',
      options: ['smallWorld', 'random', 'complete'],
      default: 'smallWorld',
      neutral: 'complete',
    }),
    degree: quantity({
      title: 'Ties per person',
      description: 'Average number of colleagues each person is tied to within the site.',
      unit: 'ties',
      min: 2,
      max: 60,
      default: 8,
      integer: true,
      step: 2,
    }),
    rewiring: share({
      title: 'Rewiring',
      description: 'Share of small-world ties rewired at random (0 = pure lattice, 1 = random network).',
      default: 0.1,
    }),
    homophily: share({
      title: 'Professional homophily',
      description: 'How strongly ties form within the same professional group.',
      default: 0.6,
    }),
  }),
});

export type CommunityParams = z.infer<typeof communitySchema>;
