module rudder.dev/tools/proxyoracle

go 1.26.0
