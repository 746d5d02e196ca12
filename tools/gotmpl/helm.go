package main

// The "helm" mode: Helm v4.3.2's template FuncMap, exactly as pkg/engine builds it for a render
// (Sprig v3.3.0 minus env/expandenv, Helm's toYaml/fromYaml/toJson/…, and include/tpl/required/
// fail/lookup/getHostByName bound by Engine.initFunMap). initFunMap is unexported, so it is
// reached with go:linkname: the functions are Helm's own code, not a copy.
// The Engine is the zero value: not strict, not lint mode, no cluster (lookup returns an empty
// map), DNS disabled (getHostByName returns "").

import (
	"context"
	"sort"
	"text/template"
	_ "unsafe" // go:linkname

	_ "github.com/Masterminds/sprig/v3" // pinned in go.mod: the Sprig version Helm v4.3.2 uses

	"helm.sh/helm/v4/pkg/engine"
)

//go:linkname helmInitFunMap helm.sh/helm/v4/pkg/engine.Engine.initFunMap
func helmInitFunMap(e engine.Engine, ctx context.Context, t *template.Template)

// installHelmFuncs binds Helm's FuncMap to the template set t (include/tpl close over t).
func installHelmFuncs(t *template.Template) {
	helmInitFunMap(engine.Engine{}, context.Background(), t)
}

//go:linkname helmFuncMap helm.sh/helm/v4/pkg/engine.funcMap
func helmFuncMap() template.FuncMap

// helmFuncNames lists the names in Helm's FuncMap, sorted. initFunMap only rebinds names that
// funcMap already has (include, tpl, required, fail, lookup, getHostByName), so the name set of
// funcMap() is the name set a render sees.
func helmFuncNames() []string {
	names := make([]string, 0, 256)
	for name := range helmFuncMap() {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
