/// Where code Slipway runs (functions, jobs) reaches the server: the listening address as `host:port`, a wildcard
/// listen address replaced by loopback and an IPv6 host bracketed.
public enum ServerAddress {
    public static func reachable(host: String, port: Int) -> String {
        let reachable = host == "0.0.0.0" || host == "::" || host.isEmpty ? "127.0.0.1" : host
        return reachable.contains(":") ? "[\(reachable)]:\(port)" : "\(reachable):\(port)"
    }
}
