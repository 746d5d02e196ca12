// echo: a postrenderer/v1 plugin that returns the manifests it receives, byte for byte.
package main

import "github.com/extism/go-pdk"

type input struct {
	Manifests string   `json:"manifests"`
	ExtraArgs []string `json:"extraArgs"`
}

type output struct {
	Manifests string `json:"manifests"`
}

//go:wasmexport helm_plugin_main
func run() uint32 {
	var in input
	if err := pdk.InputJSON(&in); err != nil {
		pdk.SetError(err)
		return 1
	}
	if err := pdk.OutputJSON(output{Manifests: in.Manifests}); err != nil {
		pdk.SetError(err)
		return 1
	}
	return 0
}

func main() {}
