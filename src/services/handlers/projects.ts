import {
  decideAssetRecorded,
  decideAwardMade,
  decideBidSubmitted,
  decideContractAmended,
  decideContractSigned,
  decideDamageReported,
  decideMaterialsDelivered,
  decideMaterialsWarehoused,
  decideMilestoneReported,
  decideMilestoneVerified,
  decidePartnerVetted,
  decideProjectAmended,
  decideProjectApproved,
  decideProjectProposed,
  decideTenderPublished,
  decideTrancheReleased,
} from '../../domain/projects/decide.js';
import {
  assetRecorded,
  awardMade,
  bidSubmitted,
  contractAmended,
  contractSigned,
  damageReported,
  materialsDelivered,
  materialsWarehoused,
  milestoneReported,
  milestoneVerified,
  partnerVetted,
  projectAmended,
  projectApproved,
  projectProposed,
  tenderPublished,
  trancheReleased,
} from '../../domain/projects/events.js';
import { consignmentEnteredItems } from '../../store/access-repository.js';
import { findOrg } from '../../store/governance-repository.js';
import { governorateExists } from '../../store/places-repository.js';
import * as projects from '../../store/project-repository.js';
import { handler, type EventHandler } from './handler.js';

/** The projects area's event handlers (issue 5). */
export const PROJECT_HANDLERS = [
  handler({
    event: partnerVetted,
    load: async (db, e) => ({ partnerKind: (await findOrg(db, e.payload.partner))?.kind }),
    decide: decidePartnerVetted,
    apply: projects.applyPartnerVetted,
  }),
  handler({
    event: projectProposed,
    load: async (db, e) => ({
      exists: await projects.idExists(db, 'projects', e.payload.projectId),
      vetting: await projects.latestVetting(db, e.payload.partner),
      governorateExists: await governorateExists(db, e.payload.governorate),
      proposal: await projects.findProposalRef(db, e.payload.proposalId),
      proposalUsedBy: await projects.projectOfProposal(db, e.payload.proposalId),
    }),
    decide: decideProjectProposed,
    apply: projects.applyProjectProposed,
  }),
  handler({
    event: projectApproved,
    load: async (db, e) => {
      const project = await projects.findProjectState(db, e.payload.projectId);
      return {
        project,
        proposalStatus: project
          ? (await projects.findProposalRef(db, project.proposalId))?.status
          : undefined,
        allocation: await projects.findAllocationRef(db, e.payload.allocationId),
      };
    },
    decide: decideProjectApproved,
    apply: projects.applyProjectApproved,
  }),
  handler({
    event: projectAmended,
    load: async (db, e) => ({ project: await projects.findProjectState(db, e.payload.projectId) }),
    decide: decideProjectAmended,
    apply: projects.applyProjectAmended,
  }),
  handler({
    event: milestoneReported,
    load: async (db, e) => ({
      project: await projects.findProjectState(db, e.payload.projectId),
      milestone: await projects.findMilestoneState(db, e.payload.projectId, e.payload.milestoneId),
    }),
    decide: decideMilestoneReported,
    apply: projects.applyMilestoneReported,
  }),
  handler({
    event: milestoneVerified,
    load: async (db, e) => ({
      exists: await projects.idExists(db, 'project_verifications', e.payload.verificationId),
      project: await projects.findProjectState(db, e.payload.projectId),
      milestone: await projects.findMilestoneState(db, e.payload.projectId, e.payload.milestoneId),
    }),
    decide: decideMilestoneVerified,
    apply: projects.applyMilestoneVerified,
  }),
  handler({
    event: trancheReleased,
    load: async (db, e) => {
      const p = e.payload;
      return {
        project: await projects.findProjectState(db, p.projectId),
        milestone: await projects.findMilestoneState(db, p.projectId, p.milestoneId),
        verification: await projects.findVerificationRef(db, p.verificationId),
        proposal: await projects.findProposalRef(db, p.proposalId),
        ...(await projects.trancheUses(db, p.proposalId, p.disbursementId)),
        disbursement: await projects.findDisbursementRef(db, p.disbursementId),
      };
    },
    decide: decideTrancheReleased,
    apply: projects.applyTrancheReleased,
  }),
  handler({
    event: tenderPublished,
    load: async (db, e) => ({
      exists: await projects.idExists(db, 'project_tenders', e.payload.tenderId),
      project: await projects.findProjectState(db, e.payload.projectId),
    }),
    decide: decideTenderPublished,
    apply: projects.applyTenderPublished,
  }),
  handler({
    event: bidSubmitted,
    load: async (db, e) => ({
      exists: await projects.idExists(db, 'project_bids', e.payload.bidId),
      tender: await projects.findTenderState(db, e.payload.tenderId),
      supplierKind: (await findOrg(db, e.payload.supplier))?.kind,
    }),
    decide: decideBidSubmitted,
    apply: projects.applyBidSubmitted,
  }),
  handler({
    event: awardMade,
    load: async (db, e) => ({
      exists: await projects.idExists(db, 'project_awards', e.payload.awardId),
      tender: await projects.findTenderState(db, e.payload.tenderId),
      bid: await projects.findBidState(db, e.payload.bidId),
    }),
    decide: decideAwardMade,
    apply: projects.applyAwardMade,
  }),
  handler({
    event: contractSigned,
    load: async (db, e) => {
      const award = await projects.findAwardState(db, e.payload.awardId);
      return {
        exists: await projects.idExists(db, 'project_contracts', e.payload.contractId),
        award,
        budget: award ? await projects.contractBudget(db, award.projectId, undefined) : undefined,
      };
    },
    decide: decideContractSigned,
    apply: projects.applyContractSigned,
  }),
  handler({
    event: contractAmended,
    load: async (db, e) => {
      const contract = await projects.findContractState(db, e.payload.contractId);
      return {
        contract,
        budget: contract
          ? await projects.contractBudget(db, contract.projectId, e.payload.contractId)
          : undefined,
      };
    },
    decide: decideContractAmended,
    apply: projects.applyContractAmended,
  }),
  handler({
    event: assetRecorded,
    load: async (db, e) => ({
      exists: await projects.idExists(db, 'project_assets', e.payload.assetId),
      project: await projects.findProjectState(db, e.payload.projectId),
    }),
    decide: decideAssetRecorded,
    apply: projects.applyAssetRecorded,
  }),
  handler({
    event: damageReported,
    load: async (db, e) => ({
      exists: await projects.idExists(db, 'project_damage_reports', e.payload.reportId),
      asset: await projects.findAssetState(db, e.payload.assetId),
    }),
    decide: decideDamageReported,
    apply: projects.applyDamageReported,
  }),
  handler({
    event: materialsWarehoused,
    load: async (db, e) => ({
      exists: await projects.materialDocExists(db, 'warehouse', e.payload.receiptId),
      project: await projects.findProjectState(db, e.payload.projectId),
      consignmentKnown:
        e.payload.consignmentId === undefined ||
        (await consignmentEnteredItems(db, e.payload.consignmentId)) !== undefined,
    }),
    decide: decideMaterialsWarehoused,
    apply: projects.applyMaterialsWarehoused,
  }),
  handler({
    event: materialsDelivered,
    load: async (db, e) => ({
      exists: await projects.materialDocExists(db, 'site', e.payload.deliveryId),
      project: await projects.findProjectState(db, e.payload.projectId),
      receipt: await projects.findWarehouseReceipt(db, e.payload.receiptId),
    }),
    decide: decideMaterialsDelivered,
    apply: projects.applyMaterialsDelivered,
  }),
] as unknown as readonly EventHandler[];
