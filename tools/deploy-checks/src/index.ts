export { repoRoot } from './repo.js';
export { formatLikeRepo } from './formatting.js';
export {
  ServiceDockerfile,
  DefaultHealthPath,
  ImageTargets,
  imageBuildArgs,
  presentImageTargets,
  type ImageTarget,
} from './images.js';
export {
  parseDockerfile,
  execForm,
  expandVariables,
  keyValuePairs,
  dockerStages,
  declaredArgs,
  imageConfig,
  type DockerInstruction,
  type DockerStage,
  type ImageConfig,
} from './dockerfile.js';
export { AlertRulesFile, PrometheusRuleFile, renderPrometheusRule, ruleGroups } from './prometheus-rule.js';
export {
  DashboardsDir,
  K8sDashboardsDir,
  dashboardFiles,
  dashboardConfigMapName,
  renderDashboardFiles,
} from './grafana-dashboards.js';
export {
  expectedGeneratedFiles,
  staleGeneratedFiles,
  writeGeneratedFiles,
  type GeneratedFile,
} from './generated-files.js';
export { Overlays, kustomizeBuild, parseManifests, type K8sObject, type Overlay } from './kustomize.js';
export { SchemaModels, validateObject } from './k8s-schemas.js';
export {
  workloads,
  containerEnv,
  literal,
  selects,
  quantityBytes,
  type Workload,
  type Container,
  type PodSpec,
  type Probe,
  type EnvValue,
} from './workloads.js';
