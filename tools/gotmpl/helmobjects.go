package main

// Helm's own objects as template data, built with Helm v4.3.2's types so their real method
// sets (pointer and value receivers) and printing apply:
//
//	{"$caps": {"kubeVersion": "1.30", "apiVersions": [...], "helm": {"Version": …}}}  *common.Capabilities
//	{"$kubeVersion": "v1.30.2-gke.1"}                                                  common.KubeVersion
//	{"$versionSet": ["v1", "apps/v1"]}                                                 common.VersionSet
//
// common.Values is the existing {"$map": {...}, "$type": "common.Values"}.

import (
	"fmt"

	"helm.sh/helm/v4/pkg/chart/common"
)

func decodeHelmObject(tag string, payload any) (any, error) {
	switch tag {
	case "$caps":
		obj, ok := payload.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$caps wants an object")
		}
		return decodeCaps(obj)
	case "$kubeVersion":
		s, ok := payload.(string)
		if !ok {
			return nil, fmt.Errorf("$kubeVersion wants a string")
		}
		kv, err := common.ParseKubeVersion(s)
		if err != nil {
			return nil, err
		}
		return *kv, nil
	case "$versionSet":
		return decodeVersionSet(payload)
	}
	return nil, fmt.Errorf("unknown tag %s", tag)
}

func decodeVersionSet(payload any) (common.VersionSet, error) {
	items, ok := payload.([]any)
	if !ok {
		return nil, fmt.Errorf("a version set wants a list of strings")
	}
	vs := make(common.VersionSet, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, fmt.Errorf("a version set wants a list of strings")
		}
		vs = append(vs, s)
	}
	return vs, nil
}

// decodeCaps builds capabilities as `helm template --kube-version` does: a copy of the
// defaults with the parsed KubeVersion stored by value, then the given API versions and
// build information (internal/version.BuildInfo is reached through the defaults' field).
func decodeCaps(obj map[string]any) (*common.Capabilities, error) {
	caps := common.DefaultCapabilities.Copy()
	s, ok := obj["kubeVersion"].(string)
	if !ok {
		return nil, fmt.Errorf("$caps wants a kubeVersion string")
	}
	kv, err := common.ParseKubeVersion(s)
	if err != nil {
		return nil, err
	}
	caps.KubeVersion = *kv
	if caps.APIVersions, err = decodeVersionSet(obj["apiVersions"]); err != nil {
		return nil, err
	}
	helm, _ := obj["helm"].(map[string]any)
	field := func(k string) string { s, _ := helm[k].(string); return s }
	caps.HelmVersion.Version = field("Version")
	caps.HelmVersion.GitCommit = field("GitCommit")
	caps.HelmVersion.GitTreeState = field("GitTreeState")
	caps.HelmVersion.GoVersion = field("GoVersion")
	caps.HelmVersion.KubeClientVersion = field("KubeClientVersion")
	return caps, nil
}
