// The OWL 2 DL profile check the tests run (tests/test_owl.py): it loads a
// Turtle file with the OWL API (Debian's libowlapi-java), prints each
// violation of the OWL 2 DL profile on a line of its own, as
// "<kind><TAB><what>", and then "violations: N". Run with the Java source
// launcher: java -cp <OWL API jars> ProfileCheck.java FILE.ttl
import java.io.File;
import java.util.Collections;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.rdf.turtle.parser.TurtleOntologyParserFactory;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        // Debian's build registers one parser factory that cannot be made; name the Turtle one
        manager.setOntologyParsers(Collections.singleton(new TurtleOntologyParserFactory()));
        // never follow owl:imports over the network: the file is checked on its own
        manager.getOntologyConfigurator().setMissingImportHandlingStrategy(
            org.semanticweb.owlapi.model.MissingImportHandlingStrategy.SILENT);
        manager.getIRIMappers().clear();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation.getClass().getSimpleName() + "\t" + violation.toString().replace('\n', ' '));
        }
        System.out.println("violations: " + report.getViolations().size());
    }
}
