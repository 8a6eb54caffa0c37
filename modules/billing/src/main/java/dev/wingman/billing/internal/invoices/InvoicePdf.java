package dev.wingman.billing.internal.invoices;

import dev.wingman.billing.api.Money;
import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.Phrase;
import org.openpdf.text.Rectangle;
import org.openpdf.text.pdf.BaseFont;
import org.openpdf.text.pdf.PdfPCell;
import org.openpdf.text.pdf.PdfPTable;
import org.openpdf.text.pdf.PdfWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders an invoice as a PDF (OpenPDF) with DejaVu Sans embedded (subset), so every currency
 * symbol prints the same in every viewer: seller and buyer, the lines, subtotal, discount, tax
 * (named, with its rate and whether it was included) and total, and how it was paid.
 */
final class InvoicePdf {
    private static final BaseFont REGULAR = font("DejaVuSans.ttf");
    private static final BaseFont BOLD = font("DejaVuSans-Bold.ttf");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);

    private InvoicePdf() {
    }

    private static BaseFont font(String file) {
        try (InputStream in = InvoicePdf.class.getResourceAsStream("/dev/wingman/billing/fonts/" + file)) {
            if (in == null) {
                throw new IllegalStateException("The invoice font " + file + " is missing from the billing module");
            }
            return BaseFont.createFont(file, BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true, in.readAllBytes(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] render(Invoice invoice, ZoneId zone) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        Document document = new Document(PageSize.A4, 50, 50, 50, 50);
        PdfWriter.getInstance(document, out);
        document.addTitle("Invoice " + invoice.number);
        document.addCreator("Wingman");
        document.open();
        Font title = new Font(BOLD, 18);
        Font bold = new Font(BOLD, 10);
        Font normal = new Font(REGULAR, 10);
        Font small = new Font(REGULAR, 8);

        document.add(new Paragraph("Invoice " + invoice.number, title));
        document.add(new Paragraph("Issued " + DATE.format(invoice.issuedAt.atZone(zone)) + " · Order " + invoice.orderId, normal));
        document.add(new Paragraph(" ", normal));

        PdfPTable parties = new PdfPTable(2);
        parties.setWidthPercentage(100);
        parties.addCell(block("From", seller(invoice.seller), bold, normal));
        parties.addCell(block("Billed to", buyer(invoice.buyer), bold, normal));
        document.add(parties);
        document.add(new Paragraph(" ", normal));

        PdfPTable lines = new PdfPTable(new float[] {6, 1, 2, 2});
        lines.setWidthPercentage(100);
        lines.setHeaderRows(1);
        for (String heading : List.of("Description", "Qty", "Unit price", "Amount")) {
            PdfPCell cell = new PdfPCell(new Phrase(heading, bold));
            cell.setBorder(Rectangle.BOTTOM);
            cell.setPaddingBottom(4);
            cell.setHorizontalAlignment(heading.equals("Description") ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT);
            lines.addCell(cell);
        }
        for (Invoice.Line line : invoice.lines) {
            lines.addCell(cell(line.description(), normal, Element.ALIGN_LEFT));
            lines.addCell(cell(String.valueOf(line.quantity()), normal, Element.ALIGN_RIGHT));
            lines.addCell(cell(shown(invoice.money(line.unitAmount())), normal, Element.ALIGN_RIGHT));
            lines.addCell(cell(shown(invoice.money(line.amount())), normal, Element.ALIGN_RIGHT));
        }
        document.add(lines);
        document.add(new Paragraph(" ", normal));

        PdfPTable totals = new PdfPTable(new float[] {3, 2});
        totals.setWidthPercentage(50);
        totals.setHorizontalAlignment(Element.ALIGN_RIGHT);
        total(totals, "Subtotal", shown(invoice.money(invoice.listAmount)), normal);
        if (invoice.discountAmount != 0) {
            String coupon = invoice.couponCode == null ? "Discount" : "Discount (" + invoice.couponCode + ")";
            total(totals, coupon, "−" + shown(invoice.money(invoice.discountAmount)), normal);
        }
        total(totals, "Net (before tax)", shown(invoice.money(invoice.netAmount)), normal);
        String tax = invoice.taxName == null ? "Tax" : invoice.taxName + " " + percent(invoice.taxBasisPoints)
                + (Boolean.TRUE.equals(invoice.taxInclusive) ? " (included)" : "");
        total(totals, tax, shown(invoice.money(invoice.taxAmount)), normal);
        total(totals, "Total (" + invoice.currency + ")", shown(invoice.money(invoice.totalAmount)), bold);
        document.add(totals);
        document.add(new Paragraph(" ", normal));

        if (invoice.paymentReference != null) {
            document.add(new Paragraph("Paid" + (invoice.paymentMethod == null ? "" : " by " + invoice.paymentMethod)
                    + ", reference " + invoice.paymentReference + ".", normal));
        }
        document.add(new Paragraph("Thank you for your business.", small));
        document.close();
        return out.toByteArray();
    }

    private static List<String> seller(Invoice.Party seller) {
        List<String> lines = new ArrayList<>();
        lines.add(seller.name());
        lines.addAll(seller.address() == null ? List.of() : seller.address());
        if (seller.taxId() != null) {
            lines.add("Tax ID: " + seller.taxId());
        }
        if (seller.email() != null) {
            lines.add(seller.email());
        }
        return lines;
    }

    private static List<String> buyer(Invoice.Buyer buyer) {
        List<String> lines = new ArrayList<>();
        if (buyer.organisationName() != null) {
            lines.add(buyer.organisationName());
        }
        lines.add(buyer.name());
        lines.add(buyer.email());
        if (buyer.country() != null) {
            lines.add(Locale.of("", buyer.country()).getDisplayCountry(Locale.ENGLISH));
        }
        return lines;
    }

    private static PdfPCell block(String heading, List<String> lines, Font bold, Font normal) {
        Paragraph text = new Paragraph(heading, bold);
        lines.forEach(line -> text.add(new Phrase("\n" + line, normal)));
        PdfPCell cell = new PdfPCell(text);
        cell.setBorder(Rectangle.NO_BORDER);
        return cell;
    }

    private static PdfPCell cell(String text, Font font, int alignment) {
        PdfPCell cell = new PdfPCell(new Phrase(text, font));
        cell.setBorder(Rectangle.NO_BORDER);
        cell.setHorizontalAlignment(alignment);
        cell.setPaddingTop(4);
        return cell;
    }

    private static void total(PdfPTable totals, String label, String amount, Font font) {
        totals.addCell(cell(label, font, Element.ALIGN_LEFT));
        totals.addCell(cell(amount, font, Element.ALIGN_RIGHT));
    }

    /**
     * An amount with its currency's symbol ({@code €9.52}, {@code ¥1999}, {@code £0.99}) and the
     * currency's own digits; a currency without a symbol of its own shows its code ({@code CLP 5000}).
     */
    static String shown(Money money) {
        String symbol = money.currency().getSymbol(Locale.UK);
        String amount = money.formatted();
        return symbol.equals(money.currencyCode()) ? symbol + " " + amount : symbol + amount;
    }

    /** 1900 basis points → "19%", 725 → "7.25%". */
    static String percent(int basisPoints) {
        return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString() + "%";
    }
}
