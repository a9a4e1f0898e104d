import type { Migration } from 'kysely';
import * as foundation from './20261123T1600_foundation.ts';
import * as registerSearch from './20261123T1700_register_search.ts';
import * as accounts from './20261123T1720_accounts.ts';
import * as cqc from './20261123T1730_cqc.ts';
import * as assessments from './20261123T1740_assessments.ts';
import * as risk from './20261123T1750_risk.ts';
import * as intelligence from './20261123T1760_intelligence.ts';
import * as actionsVisits from './20261123T1770_actions_visits.ts';
import * as escalationStatus from './20261123T1780_escalation_status.ts';
import * as liveStatusConcernsFirst from './20261123T1790_live_status_concerns_first.ts';
import * as cqcEveryLocationId from './20261205T1000_cqc_every_location_id.ts';
import * as providersNamePending from './20261205T1010_providers_name_pending.ts';
import * as backupSharedTables from './20261205T1200_backup_shared_tables.ts';
import * as rateLimitWindows from './20261205T1300_rate_limit_windows.ts';
import * as assessmentsPastDates from './20261205T1410_assessments_past_dates.ts';
import * as reportCommentary from './20261205T1500_report_commentary.ts';
import * as sharingReports from './20261205T1501_sharing_reports.ts';
import * as reportSettings from './20261205T1510_report_settings.ts';
import * as liveStatusPerSearch from './20261205T1530_live_status_per_search.ts';
import * as councilBrand from './20261205T1540_council_brand.ts';
import * as jobs from './20261205T1550_jobs.ts';
import * as singleSignOn from './20261205T1600_single_sign_on.ts';
import * as returns from './20261206T0100_returns.ts';
import * as returnReminders from './20261206T0110_return_reminders.ts';
import * as feeBands from './20261206T0300_fee_bands.ts';
import * as returnSettingsGroups from './20261206T0320_return_settings_groups.ts';
import * as returnPeriod from './20261206T0400_return_period.ts';
import * as servicesNotCommissioned from './20261206T0300_services_not_commissioned.ts';
import * as providerChecksInline from './20261206T1600_provider_checks_inline.ts';
import * as liveStatusCachedFacts from './20261206T1610_live_status_cached_facts.ts';
import * as liveStatusGenericPlan from './20261206T2000_live_status_generic_plan.ts';
import * as riskRatingsLatestIndex from './20261206T2010_risk_ratings_latest_index.ts';
import * as providerScopeOnce from './20261206T2300_provider_scope_once.ts';
import * as providerCouncilsOnce from './20261206T2310_provider_councils_once.ts';
import * as serviceStatusKept from './20261207T0100_service_status_kept.ts';
import * as cqcRatingsLatestIndex from './20261207T0110_cqc_ratings_latest_index.ts';
import * as policiesSettingsOnce from './20261207T0300_policies_settings_once.ts';
import * as serviceVersions from './20261207T1500_service_versions.ts';
import * as serviceVersionsPlans from './20261207T1600_service_versions_plans.ts';
import * as serviceVersionsRegister from './20261207T1700_service_versions_register.ts';
import * as serviceVersionsPage from './20261207T1900_service_versions_page.ts';
import * as serviceVersionsLists from './20261207T1910_service_versions_lists.ts';
import * as serviceVersionsOwned from './20261207T1920_service_versions_owned.ts';
import * as councilVersions from './20261207T1930_council_versions.ts';
import * as visibleCouncilVersions from './20261207T2100_visible_council_versions.ts';
import * as councilVersionsDirect from './20261207T2110_council_versions_direct.ts';
import * as councilVersionsOnce from './20261207T2120_council_versions_once.ts';
import * as marketEvents from './20261206T0310_market_events.ts';

/** Every migration, in order. Names are timestamps; a migration never changes once it has shipped. */
export const migrations: Record<string, Migration> = {
  '20261123T1600_foundation': foundation,
  '20261123T1700_register_search': registerSearch,
  '20261123T1720_accounts': accounts,
  '20261123T1730_cqc': cqc,
  '20261123T1740_assessments': assessments,
  '20261123T1750_risk': risk,
  '20261123T1760_intelligence': intelligence,
  '20261123T1770_actions_visits': actionsVisits,
  '20261123T1780_escalation_status': escalationStatus,
  '20261123T1790_live_status_concerns_first': liveStatusConcernsFirst,
  '20261205T1000_cqc_every_location_id': cqcEveryLocationId,
  '20261205T1010_providers_name_pending': providersNamePending,
  '20261205T1200_backup_shared_tables': backupSharedTables,
  '20261205T1300_rate_limit_windows': rateLimitWindows,
  '20261205T1410_assessments_past_dates': assessmentsPastDates,
  '20261205T1500_report_commentary': reportCommentary,
  '20261205T1501_sharing_reports': sharingReports,
  '20261205T1510_report_settings': reportSettings,
  '20261205T1530_live_status_per_search': liveStatusPerSearch,
  '20261205T1540_council_brand': councilBrand,
  '20261205T1550_jobs': jobs,
  '20261205T1600_single_sign_on': singleSignOn,
  '20261206T0100_returns': returns,
  '20261206T0110_return_reminders': returnReminders,
  '20261206T0300_fee_bands': feeBands,
  '20261206T0320_return_settings_groups': returnSettingsGroups,
  '20261206T0400_return_period': returnPeriod,
  '20261206T0300_services_not_commissioned': servicesNotCommissioned,
  '20261206T0310_market_events': marketEvents,
  '20261206T1600_provider_checks_inline': providerChecksInline,
  '20261206T1610_live_status_cached_facts': liveStatusCachedFacts,
  '20261206T2000_live_status_generic_plan': liveStatusGenericPlan,
  '20261206T2010_risk_ratings_latest_index': riskRatingsLatestIndex,
  '20261206T2300_provider_scope_once': providerScopeOnce,
  '20261206T2310_provider_councils_once': providerCouncilsOnce,
  '20261207T0100_service_status_kept': serviceStatusKept,
  '20261207T0110_cqc_ratings_latest_index': cqcRatingsLatestIndex,
  '20261207T0300_policies_settings_once': policiesSettingsOnce,
  '20261207T1500_service_versions': serviceVersions,
  '20261207T1600_service_versions_plans': serviceVersionsPlans,
  '20261207T1700_service_versions_register': serviceVersionsRegister,
  '20261207T1900_service_versions_page': serviceVersionsPage,
  '20261207T1910_service_versions_lists': serviceVersionsLists,
  '20261207T1920_service_versions_owned': serviceVersionsOwned,
  '20261207T1930_council_versions': councilVersions,
  '20261207T2100_visible_council_versions': visibleCouncilVersions,
  '20261207T2110_council_versions_direct': councilVersionsDirect,
  '20261207T2120_council_versions_once': councilVersionsOnce,
};
