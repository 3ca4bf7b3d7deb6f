#if Postgres
import PostgresNIO
#endif

/// True when this build includes the PostgreSQL store (the `Postgres` package trait, on by default).
public enum PostgresSupport {
    #if Postgres
    public static let isAvailable = true
    #else
    public static let isAvailable = false
    #endif
}
