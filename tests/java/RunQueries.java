// Runs SPARQL queries with Apache Jena ARQ (Debian's libapache-jena-java),
// for tests/test_portable_queries.py: loads one TriG file as the dataset
// (its default graph as written), then, for each QUERY.rq given, writes
// the answer as SPARQL JSON results to QUERY.rq.json. One Java process for
// all the queries, so the JVM starts once.
// Run: java -cp '/usr/share/java/*' RunQueries.java DATA.trig QUERY.rq...
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.RDFDataMgr;

public class RunQueries {
    public static void main(String[] args) throws Exception {
        Dataset dataset = RDFDataMgr.loadDataset(args[0]);
        for (int i = 1; i < args.length; i++) {
            String text = Files.readString(Path.of(args[i]));
            try (QueryExecution run = QueryExecutionFactory.create(QueryFactory.create(text), dataset);
                 OutputStream out = new FileOutputStream(args[i] + ".json")) {
                ResultSetFormatter.outputAsJSON(out, run.execSelect());
            }
        }
    }
}
